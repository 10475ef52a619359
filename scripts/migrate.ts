// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (or the embedded PGlite).
import { migrateDatabase } from "../db/open";

const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.DATA_DIR || ".data";

migrateDatabase({ databaseUrl, dataDir })
  .then(() => {
    console.log(`migrations applied to ${databaseUrl ? "DATABASE_URL" : `PGlite in ${dataDir}/pglite`}`);
  })
  .catch((error: unknown) => {
    console.error("migration failed:", error instanceof Error ? error.message : error);
    process.exit(1);
  });
