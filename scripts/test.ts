// `npm test`: type-check, lint, unit, integration (PGlite, or TEST_DATABASE_URL) and end-to-end.
// Stops at the first red step; prints what ran and how long it took.
import path from "node:path";
import { run } from "./lib/processes";

const bin = (name: string) => path.join("node_modules", ".bin", name);

const STEPS: { name: string; command: string; args: string[] }[] = [
  { name: "typecheck", command: bin("tsc"), args: ["--noEmit"] },
  { name: "lint", command: bin("eslint"), args: [".", "--max-warnings=0"] },
  { name: "unit", command: bin("vitest"), args: ["run", "--project", "unit"] },
  { name: "integration", command: bin("vitest"), args: ["run", "--project", "integration"] },
  { name: "e2e", command: bin("tsx"), args: ["scripts/e2e.ts"] },
];

async function main(): Promise<void> {
  const only = process.env.TEST_STEPS?.split(",");
  const results: string[] = [];
  let failed = 0;
  for (const step of STEPS.filter((s) => !only || only.includes(s.name))) {
    const started = Date.now();
    console.log(`\n=== ${step.name} ===`);
    const code = await run(step.command, step.args, { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    results.push(`${code === 0 ? "ok  " : "FAIL"} ${step.name} (${seconds} s)`);
    if (code !== 0) {
      failed++;
      break;
    }
  }
  console.log(`\n=== summary ===\n${results.join("\n")}`);
  process.exit(failed ? 1 : 0);
}

void main();
