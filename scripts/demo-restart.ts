// `npm run test:demo-restart`: the first `npm run demo` interrupted (Ctrl-C) while it creates the demo
// data, then started again: it comes up with the demo data, and no process of the first run is left.
// A port already in use stops the start at once, in one line naming the port and its setting.
// Uses its own data folder and ports (DEMO_TEST_PORT_BASE, default 4700: four ports from there).
import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { ensureBuild } from "./lib/build";
import { isPortFree } from "./lib/demo-start";

const base = Number(process.env.DEMO_TEST_PORT_BASE ?? 4700);
const DATA_DIR = path.join(".data", "demo-restart-test");
const env = {
  ...process.env,
  PORTAL_MODE: "demo",
  NEXT_TELEMETRY_DISABLED: "1",
  DATA_DIR,
  DATABASE_URL: "",
  PORT: String(base),
  AUTH_URL: `http://localhost:${base}`,
  STRIPE_EMULATOR_PORT: String(base + 1),
  STRIPE_API_BASE: `http://127.0.0.1:${base + 1}`,
  MAIL_SINK_SMTP_PORT: String(base + 2),
  SMTP_URL: `smtp://127.0.0.1:${base + 2}`,
  MAIL_SINK_HTTP_PORT: String(base + 3),
};
const PORTS = [base, base + 1, base + 2, base + 3];

type TRun = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** `npm run demo` as a terminal runs it: its own process group, as Ctrl-C signals the whole group. */
function startDemo(): TRun {
  const child = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/demo.ts"], {
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number, run?: TRun): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${run?.output() ?? ""}`);
    if (run && run.child.exitCode !== null) throw new Error(`demo exited before ${what}:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The processes still alive in a run's process group (the demo script, the portal, anything they started). */
function groupMembers(pgid: number): string[] {
  try {
    return execFileSync("ps", ["-o", "pid=,args=", "-g", String(pgid)], { encoding: "utf8" })
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return []; // ps exits 1 when the group is empty
  }
}

async function interrupt(run: TRun): Promise<void> {
  process.kill(-run.child.pid!, "SIGINT");
  const code = await Promise.race([run.exited, new Promise((r) => setTimeout(() => r("timeout"), 30_000))]);
  assert.notEqual(code, "timeout", `the demo did not stop within 30 s of Ctrl-C:\n${run.output()}`);
}

async function expectNothingLeft(run: TRun, label: string): Promise<void> {
  // Give the kernel a moment to reap what was just stopped.
  for (let i = 0; i < 50 && groupMembers(run.child.pid!).length > 0; i++)
    await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(groupMembers(run.child.pid!), [], `${label}: processes of the run are left`);
  for (const port of PORTS) assert.ok(await isPortFree(port), `${label}: port ${port} is still held`);
}

async function main(): Promise<void> {
  for (const port of PORTS)
    assert.ok(await isPortFree(port), `port ${port} is busy: set DEMO_TEST_PORT_BASE`);
  rmSync(DATA_DIR, { recursive: true, force: true });
  await ensureBuild();

  // 1. A port in use: one line, naming the port and its setting; nothing started.
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(base + 1, "127.0.0.1", r));
  const refused = startDemo();
  const refusedCode = await refused.exited;
  blocker.close();
  assert.equal(refusedCode, 1);
  const lines = refused.output().trim().split("\n");
  assert.equal(lines.length, 1, `expected one line, got:\n${refused.output()}`);
  assert.match(lines[0]!, new RegExp(`Port ${base + 1}\\b.*STRIPE_EMULATOR_PORT`));
  await expectNothingLeft(refused, "refused start");
  console.log("ok: a busy port is reported in one line:", lines[0]);

  // 2. The first start, interrupted while it creates the demo data.
  const first = startDemo();
  await waitFor("the seed to start", () => first.output().includes("Demo data: creating"), 240_000, first);
  await new Promise((r) => setTimeout(r, 1500)); // some of the catalog is in, not all
  await interrupt(first);
  assert.ok(!existsSync(path.join(DATA_DIR, "demo-seed.json")), "the seed finished before the interruption");
  await expectNothingLeft(first, "interrupted start");
  console.log("ok: Ctrl-C during the seed stops everything");

  // 3. The next start recovers and comes up with the demo data.
  const second = startDemo();
  await waitFor(
    "the demo to be ready",
    () => second.output().includes("Ctrl-C stops everything"),
    300_000,
    second,
  );
  assert.ok(existsSync(path.join(DATA_DIR, "demo-seed.json")), "no demo data after the second start");
  const prices = (await (
    await fetch(`http://127.0.0.1:${base + 1}/v1/prices?limit=100`, {
      headers: { Authorization: "Bearer sk_test_demo_restart" },
    })
  ).json()) as { data: { lookup_key: string | null }[] };
  const keys = prices.data.map((p) => p.lookup_key).filter(Boolean);
  assert.equal(new Set(keys).size, keys.length, "a lookup key is used twice");
  assert.equal(keys.length, 8, `expected the 8 demo prices, got ${keys.length}`);
  const health = await fetch(`http://127.0.0.1:${base}/api/health`);
  assert.equal(health.status, 200);
  await interrupt(second);
  await expectNothingLeft(second, "second start");
  console.log("ok: the next start recovers with the demo data; nothing is left after Ctrl-C");
  rmSync(DATA_DIR, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
