import { sql, type SQL } from "drizzle-orm";

/**
 * A Date as a SQL timestamptz parameter. Inside raw `sql` fragments drizzle
 * does not map Dates for the driver (postgres.js refuses them), so pass ISO text.
 */
export function tsParam(date: Date): SQL {
  return sql`${date.toISOString()}::timestamptz`;
}

/** The rows of a raw `execute()`, whichever driver ran it (postgres.js returns an array, PGlite `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
