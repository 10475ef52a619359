// `npm test`: type-check, lint, unit, integration (PGlite, or TEST_DATABASE_URL) and end-to-end.
// Stops at the first red step; prints what ran, how long it took, and how many tests passed.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { run } from "./lib/processes";

const bin = (name: string) => path.join("node_modules", ".bin", name);
const REPORTS = path.join(".data", "test-reports");
const report = (name: string) => path.join(REPORTS, `${name}.json`);

const STEPS: { name: string; command: string; args: string[]; env?: Record<string, string> }[] = [
  { name: "typecheck", command: bin("tsc"), args: ["--noEmit"] },
  { name: "lint", command: bin("eslint"), args: [".", "--max-warnings=0"] },
  { name: "format", command: bin("prettier"), args: ["--check", ".", "--log-level=warn"] },
  {
    name: "unit",
    command: bin("vitest"),
    args: [
      "run",
      "--project",
      "unit",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report("unit")}`,
    ],
  },
  {
    name: "integration",
    command: bin("vitest"),
    args: [
      "run",
      "--project",
      "integration",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report("integration")}`,
    ],
  },
  {
    name: "e2e",
    command: bin("tsx"),
    args: ["scripts/e2e.ts", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: report("e2e") },
  },
  {
    // Two portal processes on one PostgreSQL, and kill -9 mid-saga: on the build the e2e step made.
    name: "instances",
    command: bin("vitest"),
    args: [
      "run",
      "--project",
      "instances",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report("instances")}`,
    ],
  },
];

/** Passed and failed tests from vitest's and Playwright's JSON reports. */
function counts(): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const name of ["unit", "integration", "instances"]) {
    if (!existsSync(report(name))) continue;
    const r = JSON.parse(readFileSync(report(name), "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
    };
    passed += r.numPassedTests;
    failed += r.numFailedTests;
  }
  if (existsSync(report("e2e"))) {
    const r = JSON.parse(readFileSync(report("e2e"), "utf8")) as {
      stats: { expected: number; unexpected: number; flaky: number };
    };
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected;
  }
  return { passed, failed };
}

async function main(): Promise<void> {
  const only = process.env.TEST_STEPS?.split(",");
  rmSync(REPORTS, { recursive: true, force: true });
  mkdirSync(REPORTS, { recursive: true });
  const results: string[] = [];
  let failedStep = false;
  for (const step of STEPS.filter((s) => !only || only.includes(s.name))) {
    const started = Date.now();
    console.log(`\n=== ${step.name} ===`);
    // The e2e step's build skips Next's own type check when this run's typecheck step passed.
    const typechecked = results.some((r) => r.startsWith("ok   typecheck"));
    const code = await run(step.command, step.args, {
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: "1",
        ...(typechecked ? { PORTAL_BUILD_TYPECHECKED: "1" } : {}),
        ...step.env,
      },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    results.push(`${code === 0 ? "ok  " : "FAIL"} ${step.name} (${seconds} s)`);
    if (code !== 0) {
      failedStep = true;
      break;
    }
  }
  const { passed, failed } = counts();
  console.log(`\n=== summary ===\n${results.join("\n")}`);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  process.exit(failedStep || failed > 0 ? 1 : 0);
}

void main();
