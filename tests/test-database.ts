import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { migrateDatabase, openDatabase, type TDatabaseHandle } from "@/db/open";

export type TTestDatabase = TDatabaseHandle & {
  /** The URL of the fresh database on a real server, when TEST_DATABASE_URL is set. */
  url: string | undefined;
  /** Closes the client and drops the database. */
  dispose(): Promise<void>;
};

/**
 * A fresh, migrated database for one test file: a new database on the server
 * named by TEST_DATABASE_URL (CI), or an in-memory PGlite (default).
 */
export async function createTestDatabase(
  opts: { onQuery?: (sql: string) => void } = {},
): Promise<TTestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ dataDir: ":memory:", onQuery: opts.onQuery });
    await migrateDatabase({ handle });
    return { ...handle, url: undefined, dispose: () => handle.close() };
  }
  const name = `portal_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrateDatabase({ databaseUrl: url.toString() });
  const handle = await openDatabase({ databaseUrl: url.toString(), max: 5, onQuery: opts.onQuery });
  return {
    ...handle,
    url: url.toString(),
    dispose: async () => {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end({ timeout: 5 });
    },
  };
}
