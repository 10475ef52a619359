import { sql, type SQL } from "drizzle-orm";

/**
 * A Date as a SQL timestamptz parameter. Inside raw `sql` fragments drizzle
 * does not map Dates for the driver (postgres.js refuses them), so pass ISO text.
 */
export function tsParam(date: Date): SQL {
  return sql`${date.toISOString()}::timestamptz`;
}
