import type { Sql } from "postgres";

type TUnsafeOptions = { prepare?: boolean; simple?: boolean };

/**
 * A postgres.js client whose statements with parameters are named (prepared) ones, in transactions
 * and savepoints too.
 *
 * drizzle-orm's postgres.js session asks for an unnamed statement on every query not given a name
 * with `.prepare(name)`, whatever the client's own `prepare` says (drizzle-orm#6096). postgres.js
 * then needs two round trips for each query with parameters (Parse and Describe, to learn the
 * parameters' types; then Bind and Execute), and PostgreSQL parses and plans the query every time.
 * A named statement is kept by postgres.js per connection, by its text and types: from its second
 * use on that connection it is one round trip (Bind and Execute) and no parse. A connection lives
 * 30 to 60 minutes (postgres.js's `max_lifetime`), so what it keeps is bounded by the queries the
 * portal writes in that time. Queries without parameters stay on the simple protocol, as before.
 */
export function withNamedStatements<T extends Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, args?: unknown[], options?: TUnsafeOptions) =>
          target.unsafe(query, args as never, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        const open = Reflect.get(target, property, receiver) as (...a: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => {
          const body = args.pop() as (tx: Sql) => unknown;
          return open.call(target, ...args, (tx: Sql) => body(withNamedStatements(tx)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
