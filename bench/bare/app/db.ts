import postgres from "postgres";

let client: postgres.Sql | undefined;

/** One postgres.js pool per process, opened on first use (never at build time). */
export function sql(): postgres.Sql {
  client ??= postgres(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", {
    max: 10,
    onnotice: () => {},
  });
  return client;
}
