import "server-only";
import { env } from "@/lib/env";
import { processSingleton } from "@/lib/process-singleton";
import { openDatabase, type TDb, type TDatabaseHandle } from "@/db/open";

export type { TDb, TTx } from "@/db/open";

/**
 * The one database client of this process: postgres.js when DATABASE_URL is
 * set, otherwise embedded PGlite under the data folder. Opened on first use,
 * so `next build` never touches the database; shared by every bundle of the
 * process (see processSingleton), since PGlite allows one client per folder.
 */
export function getDatabase(): Promise<TDatabaseHandle> {
  return processSingleton("database", () => {
    const e = env();
    return openDatabase({
      databaseUrl: e.databaseUrl,
      dataDir: e.dataDir,
      onQuery: e.logStatements ? logStatement : undefined,
    });
  });
}

/** One line per statement on stderr, for the page benchmark (DB_LOG_STATEMENTS=1); off by default. */
export const STATEMENT_LOG_PREFIX = "[sql] ";

function logStatement(sql: string, params: unknown[]): void {
  process.stderr.write(`${STATEMENT_LOG_PREFIX}${JSON.stringify({ sql, params })}\n`);
}

export async function getDb(): Promise<TDb> {
  return (await getDatabase()).db;
}
