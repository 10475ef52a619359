import type { TExecutor } from "./open";

/**
 * A query built once per database handle (drizzle's `.prepare()`), for the reads that every
 * signed-in page makes: its SQL text is made on first use and kept, and each call only fills its
 * `sql.placeholder(…)` values. Built per call, drizzle's query builder cost the order page about
 * 6 % of its CPU under load, half of it in its entity check `is()` (issue 17, CPU profile of
 * bench:profile). Kept per executor: the pool's handle lives as long as the process; a
 * transaction's queries go with the transaction.
 */
export function preparedQuery<T>(build: (db: TExecutor) => T): (db: TExecutor) => T {
  const built = new WeakMap<TExecutor, T>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
