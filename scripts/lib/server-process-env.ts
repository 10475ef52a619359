/**
 * The environment the portal's server process runs with, by `npm start` and by the page benchmarks
 * (bench/lib/stack.ts), so that they measure what production runs. glibc's malloc gives each thread
 * that allocates at the same time an arena of its own (up to 8 per core), and keeps what it freed
 * there: two arenas bound the resident memory that Node's threads (libuv's pool, zlib, the GC
 * helpers) leave behind under load (issue 17). A value already in the environment wins.
 */
export const SERVER_PROCESS_ENV: Record<string, string> = {
  NEXT_TELEMETRY_DISABLED: "1",
  MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
};
