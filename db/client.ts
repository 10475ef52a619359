// Moved to lib/db.ts (db/ imports nothing of lib/). This re-export only keeps branches written before
// the move building while they land; import "@/lib/db". To be deleted once nothing imports it.
// eslint-disable-next-line no-restricted-imports
export { getDb, getDatabase, STATEMENT_LOG_PREFIX, type TDb, type TTx } from "@/lib/db";
