// `tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot`: what grew between two V8 heap
// snapshots (written by `node --heapsnapshot-signal=SIGUSR2`, e.g. bench:pages with
// BENCH_HEAP_SNAPSHOTS=dir), as object counts and shallow bytes per constructor (per node type and
// name), largest growth first. HEAP_DIFF_TOP rows (25).
import { readFileSync } from "node:fs";

import { tally, type TTally } from "./lib/heap-snapshot";

function read(file: string): TTally {
  return tally(JSON.parse(readFileSync(file, "utf8")));
}

function main(): void {
  const [beforeFile, afterFile] = process.argv.slice(2);
  if (!beforeFile || !afterFile)
    throw new Error("usage: tsx bench/heap-diff.ts before.heapsnapshot after.heapsnapshot");
  const top = Number(process.env.HEAP_DIFF_TOP ?? 25);
  const before = read(beforeFile);
  const after = read(afterFile);
  const total = (t: TTally) => [...t.values()].reduce((n, v) => n + v.bytes, 0) / 1e6;
  console.log(`heap: ${total(before).toFixed(1)} MB → ${total(after).toFixed(1)} MB (shallow sizes)`);
  const rows = [...new Set([...before.keys(), ...after.keys()])].map((key) => {
    const b = before.get(key) ?? { count: 0, bytes: 0 };
    const a = after.get(key) ?? { count: 0, bytes: 0 };
    return { key, dCount: a.count - b.count, dBytes: a.bytes - b.bytes, count: a.count, bytes: a.bytes };
  });
  rows.sort((x, y) => y.dBytes - x.dBytes);
  console.log("Δ bytes      Δ count    count after  bytes after  type and name");
  for (const r of rows.slice(0, top))
    console.log(
      `${(r.dBytes / 1e6).toFixed(2).padStart(8)} MB ${String(r.dCount).padStart(9)} ${String(r.count).padStart(12)} ${(r.bytes / 1e6).toFixed(2).padStart(9)} MB  ${r.key}`,
    );
}

main();
