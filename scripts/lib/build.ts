import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { run } from "./processes";

// What the production build is made of; content/ and .data/ are read at run time.
const SOURCES = [
  "app",
  "components",
  "lib",
  "db",
  "messages",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "package-lock.json",
  "tsconfig.json",
];
const STAMP = path.join(".next", "portal-build-stamp");

function filesUnder(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry, { withFileTypes: true })
    .flatMap((d) => filesUnder(path.join(entry, d.name)))
    .filter((f) => !/\.test\.tsx?$/.test(f));
}

function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of SOURCES.flatMap(filesUnder).sort()) {
    hash.update(file).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

/** Builds the app when there is no build or the sources changed since the last one. */
export async function ensureBuild(): Promise<void> {
  const hash = sourceHash();
  if (existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash)
    return;
  console.log("Building the portal (next build)…");
  const code = await run(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
  writeFileSync(STAMP, hash);
}
