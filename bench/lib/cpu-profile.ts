// Reads a V8 .cpuprofile (node --cpu-prof) and sums where the time went: self time (the function
// itself was on top of the stack) and inclusive time (anywhere on the stack, counted once per
// sample), per function and per file. Bundled frames are mapped back to their sources through the
// chunk's source map when it has one (Turbopack writes `//# sourceMappingURL=` beside its chunks).
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

type TCallFrame = { functionName: string; url: string; lineNumber: number; columnNumber: number };
type TNode = { id: number; callFrame: TCallFrame; children?: number[] };
export type TCpuProfile = { nodes: TNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

export type TFrame = { fn: string; file: string };
export type TRow = { name: string; selfMs: number; selfPct: number; totalMs: number; totalPct: number };
export type TSummary = { totalMs: number; byFunction: TRow[]; byFile: TRow[] };

/** V8's own pseudo-frames: time that is no function's. */
const PSEUDO = new Set(["(root)", "(program)", "(idle)", "(garbage collector)"]);

/** Where a frame's code comes from: a package (Next by part), a project file, node: internals or V8. */
export function fileLabel(source: string, root: string): string {
  if (!source) return "(native)";
  if (source.startsWith("node:")) return "node:internal";
  if (source.startsWith("turbopack:///[project]/")) return source.slice("turbopack:///[project]/".length);
  if (source.startsWith("turbopack:")) return "turbopack runtime";
  // Next's precompiled dependencies keep their webpack source names: webpack://next/./dist/compiled/react-dom/…
  const packed = /^webpack:\/\/([^/]+)\/\.\/(.*)$/.exec(source);
  let p = packed ? path.join(root, "node_modules", packed[1]!, packed[2]!) : source;
  if (p.startsWith("file://")) p = fileURLToPath(p);
  p = p.replace(/^\[project\]\//, "");
  const nm = p.lastIndexOf("node_modules/");
  if (nm !== -1) {
    const rest = p.slice(nm + "node_modules/".length).split("/");
    const scoped = rest[0]!.startsWith("@");
    const pkg = scoped ? `${rest[0]}/${rest[1]}` : rest[0]!;
    const inner = rest.slice(scoped ? 2 : 1);
    // Next is most of the server: which part of it (its compiled React, its server, its router).
    if (pkg === "next") {
      if (inner[1] === "compiled") return `next/dist/compiled/${inner[2]}`;
      return `next/${inner.slice(0, -1).join("/")}`;
    }
    return pkg;
  }
  p = safeDecode(p);
  return path.isAbsolute(p) ? path.relative(root, p) : p;
}

/** Maps bundled frames back through their chunk's source map (one lookup per frame, cached). */
class FrameMapper {
  private maps = new Map<string, SourceMap | null>();
  constructor(private root: string) {}

  private mapOf(url: string): SourceMap | null {
    if (this.maps.has(url)) return this.maps.get(url)!;
    let map: SourceMap | null = null;
    try {
      const file = url.startsWith("file://") ? fileURLToPath(url) : url;
      if (path.isAbsolute(file) && existsSync(`${file}.map`))
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = null;
    }
    this.maps.set(url, map);
    return map;
  }

  frame(cf: TCallFrame): TFrame {
    const fn = cf.functionName || "(anonymous)";
    const map = cf.url ? this.mapOf(cf.url) : null;
    if (map) {
      const entry = map.findEntry(cf.lineNumber, cf.columnNumber) as {
        originalSource?: string;
        name?: string;
      };
      const source = entry.originalSource;
      if (source) {
        // Sources are relative to the map's own folder unless they carry a scheme.
        const file = fileURLToPath(cf.url);
        const resolved = /^[a-z]+:/i.test(source) ? source : path.resolve(path.dirname(file), source);
        return {
          fn: entry.name && fn === "(anonymous)" ? entry.name : fn,
          file: fileLabel(resolved, this.root),
        };
      }
    }
    return { fn, file: fileLabel(cf.url, this.root) };
  }
}

/**
 * Sums a profile's samples per function and per file (`root`: the project, for relative paths).
 * `window` keeps only the samples taken between two CLOCK_MONOTONIC instants in microseconds
 * (V8's profile times use that clock, as does `process.hrtime` in any process of the machine).
 */
export function summarize(
  profile: TCpuProfile,
  root: string,
  window?: { fromUs: number; toUs: number },
): TSummary {
  const mapper = new FrameMapper(root);
  const parent = new Map<number, number>();
  const byId = new Map<number, TNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const frames = new Map<number, TFrame>();
  const frameOf = (id: number) => {
    let f = frames.get(id);
    if (!f) {
      f = mapper.frame(byId.get(id)!.callFrame);
      frames.set(id, f);
    }
    return f;
  };
  const fnSelf = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  const fileSelf = new Map<string, number>();
  const fileTotal = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let totalUs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    // The delta before the next sample is the time this one stands for.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const top = byId.get(id)!;
    if (top.callFrame.functionName === "(idle)") return;
    totalUs += us;
    const topFrame = frameOf(id);
    const topKey = `${topFrame.fn}  ${topFrame.file}`;
    add(fnSelf, topKey, us);
    add(fileSelf, topFrame.file, us);
    const seenFn = new Set<string>();
    const seenFile = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const name = byId.get(n)!.callFrame.functionName;
      if (PSEUDO.has(name) && n !== id) continue;
      const f = frameOf(n);
      const key = `${f.fn}  ${f.file}`;
      if (!seenFn.has(key)) add(fnTotal, key, us);
      if (!seenFile.has(f.file)) add(fileTotal, f.file, us);
      seenFn.add(key);
      seenFile.add(f.file);
    }
  });
  const rows = (self: Map<string, number>, total: Map<string, number>): TRow[] =>
    [...new Set([...self.keys(), ...total.keys()])].map((name) => ({
      name,
      selfMs: (self.get(name) ?? 0) / 1000,
      selfPct: ((self.get(name) ?? 0) / totalUs) * 100,
      totalMs: (total.get(name) ?? 0) / 1000,
      totalPct: ((total.get(name) ?? 0) / totalUs) * 100,
    }));
  return {
    totalMs: totalUs / 1000,
    byFunction: rows(fnSelf, fnTotal),
    byFile: rows(fileSelf, fileTotal),
  };
}

/** Frames that are on nearly every stack (the event loop, V8, the module runtime): no news inclusively. */
const PLUMBING = /(^|  )(node:internal|\(native\)|turbopack runtime)$/;

/** Rows of the project's own code (app/, components/, lib/, db/, the proxy). */
export const isProjectRow = (r: TRow) => /(^|  )(app|components|lib|db)\/|(^|  )proxy\.ts$/.test(r.name);

/** The top `n` rows by self or inclusive time (inclusive leaves the plumbing out), as lines of text. */
export function topRows(rows: TRow[], by: "self" | "total", n: number): string[] {
  const key = by === "self" ? "selfMs" : "totalMs";
  return [...rows]
    .filter((r) => by === "self" || !PLUMBING.test(r.name))
    .sort((a, b) => b[key] - a[key])
    .slice(0, n)
    .map(
      (r) =>
        `${r.selfPct.toFixed(1).padStart(5)} % self ${r.totalPct.toFixed(1).padStart(5)} % incl  ${r.name}`,
    );
}

/** Source maps write Next's route folders %-encoded ("%5Blocale%5D"). */
function safeDecode(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
