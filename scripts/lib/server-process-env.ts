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

/**
 * Node's options for the portal's server process (before `next`'s script), by `npm start`, the demo
 * and the benchmarks. After each major GC, V8 lets the old space grow to a multiple of what survived
 * it (up to 4× under load): the portal's live heap is about 110 MB after GC, but its old space grew
 * to about 400 MB under the page benchmark, and the process's RSS with it (issue 17, heap snapshots
 * and `process.report` of bench:pages). `--heap-growing-percent=50` lets it grow by half instead: a
 * soft knob (the heap still grows as far as the live data needs, no out-of-memory risk as with a
 * hard `--max-old-space-size`), measured at about half the RSS after the runs for the same req/s and
 * CPU per answer (README, "Speed").
 */
export const SERVER_NODE_ARGS: readonly string[] = ["--heap-growing-percent=50"];
