#!/usr/bin/env node
// A git merge driver for the message catalogues: a three-way merge by key, so that two branches
// adding keys to messages/*.json never conflict on a comma or a brace. Set up once per clone:
//   git config merge.json-keys.driver "node scripts/dev/merge-json.mjs %O %A %B"
// (.gitattributes names the files). A key changed differently on both sides keeps ours and fails.
import { readFileSync, writeFileSync } from "node:fs";

const [base, ours, theirs] = process.argv.slice(2).map((f) => {
  try {
    return JSON.parse(readFileSync(f, "utf8"));
  } catch {
    return undefined;
  }
});
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const conflicts = [];

function merge(o, a, b, path) {
  if (same(a, b)) return a;
  if (same(o, a)) return b;
  if (same(o, b)) return a;
  if (isObject(a) && isObject(b)) {
    const out = {};
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const v = merge(isObject(o) ? o[k] : undefined, a[k], b[k], `${path}.${k}`);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  conflicts.push(path);
  return a;
}

if (ours === undefined || theirs === undefined) process.exit(1);
const merged = merge(base, ours, theirs, "$");
writeFileSync(process.argv[3], JSON.stringify(merged, null, 2) + "\n");
if (conflicts.length) {
  console.error(`merge-json: changed on both sides: ${conflicts.join(", ")}`);
  process.exit(1);
}
