import { mkdirSync } from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { withNamedStatements } from "./named-statements";
import * as schema from "./schema";

type TSchema = typeof schema;
export type TDb = PgDatabase<PgQueryResultHKT, TSchema>;
export type TTx = PgTransaction<PgQueryResultHKT, TSchema, ExtractTablesWithRelations<TSchema>>;
/** What query and operation functions take first: the database or a transaction. */
export type TExecutor = TDb | TTx;

export type TDatabaseHandle = {
  db: TDb;
  driver: "postgres" | "pglite";
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/**
 * Opens a database. Used by the app's client, the migrate script and the
 * tests alike, so every one of them runs the same driver code.
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  /** PGlite lives in `<dataDir>/pglite`; ":memory:" keeps it in memory (tests). */
  dataDir?: string;
  /** postgres.js pool size. */
  max?: number;
  /** Called with each SQL statement and its parameters (the query-count tests and the benchmarks use it). */
  onQuery?: (sql: string, params: unknown[]) => void;
}): Promise<TDatabaseHandle> {
  const logger = opts.onQuery
    ? { logQuery: (q: string, params: unknown[]) => opts.onQuery!(q, params) }
    : undefined;
  if (opts.databaseUrl) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(opts.databaseUrl, { max: opts.max ?? 10, onnotice: () => {} });
    const db = drizzle({ client: withNamedStatements(client), schema, logger }) as unknown as TDb;
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  let client: InstanceType<typeof PGlite>;
  if (opts.dataDir === ":memory:") {
    client = await PGlite.create();
  } else {
    const dir = path.resolve(opts.dataDir ?? ".data", "pglite");
    mkdirSync(dir, { recursive: true });
    client = await PGlite.create(dir);
  }
  const db = drizzle({ client, schema, logger }) as unknown as TDb;
  return { db, driver: "pglite", close: () => client.close() };
}

/**
 * Applies the committed migrations. On Postgres a session advisory lock on a
 * dedicated connection keeps instances starting at once from racing; a second
 * run changes nothing.
 */
export async function migrateDatabase(opts: {
  databaseUrl?: string;
  dataDir?: string;
  /** An open PGlite handle of this process (one process per PGlite folder). */
  handle?: TDatabaseHandle;
}): Promise<void> {
  if (!opts.databaseUrl) {
    const handle = opts.handle ?? (await openDatabase(opts));
    try {
      const { migrate } = await import("drizzle-orm/pglite/migrator");
      await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      if (!opts.handle) await handle.close();
    }
    return;
  }
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(opts.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await client`SELECT pg_advisory_lock(727274001)`;
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`SELECT pg_advisory_unlock(727274001)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
