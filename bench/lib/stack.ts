// The stack the page benchmarks run against: a fresh PostgreSQL database with the migrations, the
// Stripe emulator and the mail sink, the portal's production build with the demo data (made through
// the real webhook path) and the bare app of the same Next version. Shared by bench:pages and bench:scale.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { startMailSink } from "../../emulators/mail/server";
import type { TMailSink } from "../../emulators/mail/types";
import { startStripeEmulator } from "../../emulators/stripe/server";
import { migrateDatabase } from "../../db/open";
import { ensureBuild } from "../../scripts/lib/build";
import { seedDemo } from "../../scripts/lib/demo-seed";
import { FormClient } from "../../scripts/lib/form-client";
import { SIGN_IN_BURST_SECONDS } from "../../lib/auth/sign-in-code";
import { run, waitForHttp } from "../../scripts/lib/processes";
import { SERVER_NODE_ARGS, SERVER_PROCESS_ENV } from "../../scripts/lib/server-process-env";

export const BARE_DIR = path.join("bench", "bare");
const STATEMENT_PREFIX = "[sql] ";
const WEBHOOK_SECRET = "whsec_bench_pages";
const AUTH_SECRET = "bench-pages-auth-secret-0123456789abcdef";

/** Ports of the benchmark's servers: BENCH_PORT_BASE (default 4100) and the next four. */
export function benchPorts() {
  const base = Number(process.env.BENCH_PORT_BASE ?? 4100);
  return { portal: base, bare: base + 1, stripe: base + 2, smtp: base + 3, mailHttp: base + 4 };
}

export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  "postgres://postgres@127.0.0.1:5432/postgres";

/** A new database on the PostgreSQL of ADMIN_URL, with the portal's migrations; dropped by `drop`. */
export async function createBenchDatabase(
  prefix: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await migrateDatabase({ databaseUrl: url.toString() });
  return {
    url: url.toString(),
    name,
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

function filesUnder(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry, { withFileTypes: true })
    .filter((d) => d.name !== ".next" && d.name !== "next-env.d.ts")
    .flatMap((d) => filesUnder(path.join(entry, d.name)));
}

/** Builds the bare app (bench/bare/.next) when it has no build or its sources changed. */
export async function ensureBareBuild(): Promise<void> {
  const hash = createHash("sha256");
  for (const f of [...filesUnder(BARE_DIR), "package-lock.json"].sort())
    hash.update(f).update(readFileSync(f));
  const digest = hash.digest("hex");
  const stamp = path.join(BARE_DIR, ".next", "bench-build-stamp");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === digest) return;
  console.log("Building the bare app (next build bench/bare)…");
  const code = await run(process.execPath, [require.resolve("next/dist/bin/next"), "build", BARE_DIR], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (code !== 0) throw new Error(`next build bench/bare failed with exit code ${code}`);
  writeFileSync(stamp, digest);
}

export type TServer = {
  name: string;
  url: string;
  child: ChildProcess;
  /** SQL statements logged so far (only when started with logStatements). */
  statements: { sql: string; params: unknown[] }[];
  stop(): Promise<void>;
};

/** `next start` of a built app directory, as its own process. */
async function startNext(opts: {
  name: string;
  dir: string;
  port: number;
  env: Record<string, string>;
  nodeArgs?: string[];
}): Promise<TServer> {
  const child = spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      require.resolve("next/dist/bin/next"),
      "start",
      opts.dir,
      "-p",
      String(opts.port),
      "-H",
      "127.0.0.1",
    ],
    {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...opts.env },
    },
  );
  // Never outlive the benchmark, even when it is interrupted.
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  child.once("exit", () => process.off("exit", kill));
  const server: TServer = {
    name: opts.name,
    url: `http://127.0.0.1:${opts.port}`,
    child,
    statements: [],
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
  let pending = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith(STATEMENT_PREFIX))
        server.statements.push(JSON.parse(line.slice(STATEMENT_PREFIX.length)));
      else if (line.trim()) process.stderr.write(`[${opts.name}] ${line}\n`);
    }
  });
  return server;
}

export type TPortalOptions = { logStatements?: boolean; nodeArgs?: string[] };

export type TBenchStack = {
  databaseUrl: string;
  dataDir: string;
  mail: TMailSink;
  portal: TServer;
  bare: TServer;
  /** Restarts the portal (same database), e.g. with the statement log on. */
  restartPortal(opts?: TPortalOptions): Promise<TServer>;
  close(): Promise<void>;
};

/** Everything up, the demo data in, nothing measured yet. On failure, what was started is stopped. */
export async function startBenchStack(opts: {
  prefix: string;
  portal?: TPortalOptions;
}): Promise<TBenchStack> {
  const ports = benchPorts();
  await ensureBuild();
  await ensureBareBuild();
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const db = await createBenchDatabase(opts.prefix);
    cleanups.push(() => db.drop());
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `${opts.prefix}-`));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const mail = await startMailSink({ smtpPort: ports.smtp, httpPort: ports.mailHttp });
    cleanups.push(() => mail.close());
    const emu = await startStripeEmulator({
      port: ports.stripe,
      webhookUrl: `http://127.0.0.1:${ports.portal}/api/webhooks/stripe`,
      webhookSecret: WEBHOOK_SECRET,
    });
    cleanups.push(() => emu.close());
    const portalEnv = (o: TPortalOptions = {}) => ({
      // As `npm start` runs it (scripts/start.ts); the bare app runs as `next start` does.
      ...SERVER_PROCESS_ENV,
      PORTAL_MODE: "demo",
      DATABASE_URL: db.url,
      MIGRATE_ON_START: "0",
      AUTH_URL: `http://127.0.0.1:${ports.portal}`,
      AUTH_SECRET,
      STRIPE_API_BASE: emu.url,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
      DATA_DIR: dataDir,
      DB_LOG_STATEMENTS: o.logStatements ? "1" : "0",
    });
    let portal: TServer | undefined;
    cleanups.push(async () => portal?.stop());
    const startPortal = async (o: TPortalOptions = {}) => {
      portal = await startNext({
        name: "portal",
        dir: ".",
        port: ports.portal,
        env: portalEnv(o),
        // As `npm start` runs it; the bare app runs with Node's defaults.
        nodeArgs: [...SERVER_NODE_ARGS, ...(o.nodeArgs ?? [])],
      });
      await waitForHttp(`${portal.url}/api/health`, 120_000, portal.child);
      return portal;
    };
    await startPortal(opts.portal);
    const bare = await startNext({
      name: "bare",
      dir: BARE_DIR,
      port: ports.bare,
      env: { DATABASE_URL: db.url },
    });
    cleanups.push(() => bare.stop());
    await waitForHttp(`${bare.url}/static`, 120_000, bare.child);
    await seedDemo({
      stripeUrl: emu.url,
      dataDir,
      portalUrl: portal!.url,
      mails: () => mail.messages(),
    });
    const stack: TBenchStack = {
      databaseUrl: db.url,
      dataDir,
      mail,
      portal: portal!,
      bare,
      async restartPortal(o?: TPortalOptions) {
        await portal?.stop();
        stack.portal = await startPortal(o);
        return stack.portal;
      },
      close: cleanUp,
    };
    return stack;
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/**
 * Signs a demo customer in the way a customer without JavaScript does: the sign-in form, the mail
 * in the sink, the confirm page's button (Auth.js's e-mail callback). Returns the Cookie header of
 * the session and how long the mail took to reach the sink.
 */
export async function signInThroughMail(
  stack: TBenchStack,
  email: string,
): Promise<{ cookie: string; mailMs: number }> {
  const browser = new FormClient(stack.portal.url);
  // A second request for the same address within the burst window is the first one repeated (a
  // double click) and sends nothing: the demo seed's last step signs this customer in, so wait
  // the window out from the last mail to the address (it arrived after its request).
  const earlier = stack.mail.messages().filter((m) => m.to.includes(email));
  const lastMailAt = Math.max(0, ...earlier.map((m) => Date.parse(m.date)));
  const waitMs = lastMailAt + (SIGN_IN_BURST_SECONDS + 0.5) * 1000 - Date.now();
  if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
  const lastId = Math.max(0, ...stack.mail.messages().map((m) => Number(m.id)));
  const asked = performance.now();
  await browser.submit("/en/sign-in", "email", { email });
  let link: string | undefined;
  let mailMs = 0;
  for (let i = 0; i < 200 && !link; i++) {
    const mail = stack.mail.messages().find((m) => Number(m.id) > lastId && m.to.includes(email));
    link = mail?.text.match(/https?:\/\/\S+\/sign-in\/confirm\?\S+/)?.[0];
    if (link) mailMs = performance.now() - asked;
    else await new Promise((r) => setTimeout(r, 25));
  }
  if (!link) {
    const seen = stack.mail
      .messages()
      .filter((m) => Number(m.id) > lastId)
      .map((m) => `#${m.id} ${m.date} to ${m.to.join(", ")}: ${m.subject}`);
    throw new Error(
      `no sign-in mail for ${email} reached the sink; mails since the request: ${seen.length ? seen.join("; ") : "none"}`,
    );
  }
  const confirm = new URL(link);
  const page = await browser.request(confirm.pathname + confirm.search);
  if (page.status !== 200) throw new Error(`the confirm page answered ${page.status}`);
  const callback = new URLSearchParams({
    token: confirm.searchParams.get("token")!,
    email: confirm.searchParams.get("email")!,
    callbackUrl: "/en/orders",
  });
  const done = await browser.request(`/api/auth/callback/email?${callback}`);
  if (!done.url.endsWith("/en/orders") || done.status !== 200)
    throw new Error(`sign-in did not land on the orders page (${done.status} ${done.url})`);
  return { cookie: browser.cookieHeader(), mailMs };
}

/** Resident memory of a process and its descendants, in MB (Linux /proc). */
/** A process and all its descendants (`next start` serves from a child process of its own). */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    tree.push(p);
    stack.push(...(children.get(p) ?? []));
  }
  return tree;
}

/** Resident memory of a server (the process and its descendants), in MB. */
export function rssMb(pid: number): number {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return kb / 1024;
}

/** /proc counts CPU time in clock ticks of 1/100 s (USER_HZ, 100 on Linux). */
const MS_PER_TICK = 10;

/**
 * CPU time a server has used so far (user and system, the process and its descendants), in ms:
 * the difference over a load, divided by the requests it answered, is what one request costs it,
 * a figure that a busy machine skews far less than requests per second.
 */
export function cpuMs(pid: number): number {
  return processTree(pid).reduce((ms, p) => ms + processCpuMs(p), 0);
}

/** CPU time (user and system) one process has used so far, in ms; 0 once it is gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK; // utime, stime
  } catch {
    return 0; // gone meanwhile
  }
}

/**
 * CPU time used so far by the PostgreSQL backends connected to one database (their process title
 * names it: "postgres: … user dbname host(port) state"), per backend pid, in ms. A backend that
 * starts between two readings counts from zero; one that ends is left out of the later reading,
 * so take the difference per pid (`cpuSince`).
 */
export function databaseBackendsCpuMs(dbName: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let title: string;
    try {
      title = readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    if (title.startsWith("postgres: ") && title.split(" ").includes(dbName))
      byPid.set(Number(entry), processCpuMs(Number(entry)));
  }
  return byPid;
}

/** CPU used between two readings of `databaseBackendsCpuMs`, in ms. */
export function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}
