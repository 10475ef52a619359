import "server-only";
import { openDatabase, type TDb, type TDatabaseHandle } from "./open";
import { env } from "@/lib/env";

export type { TDb, TTx } from "./open";

let handle: Promise<TDatabaseHandle> | undefined;

/**
 * The one database client of this process: postgres.js when DATABASE_URL is
 * set, otherwise embedded PGlite under the data folder. Opened on first use,
 * so `next build` never touches the database.
 */
export function getDatabase(): Promise<TDatabaseHandle> {
  handle ??= (async () => {
    const e = env();
    return openDatabase({ databaseUrl: e.databaseUrl, dataDir: e.dataDir });
  })();
  return handle;
}

export async function getDb(): Promise<TDb> {
  return (await getDatabase()).db;
}
