// What the page benchmarks measure: throughput and latency under load (autocannon), the SQL
// statements one request costs (from the portal's statement log) and the JavaScript a page loads
// in Chromium on first load.
import os from "node:os";
import autocannon from "autocannon";
import { chromium } from "@playwright/test";
import { findChromium } from "../../scripts/lib/chromium";
import { cpuMs, type TServer } from "./stack";

export type TTarget = {
  /** Short name shown in the tables. */
  name: string;
  url: string;
  cookie?: string;
  /** Text the page must contain (checked once before the load), so a redirect or error is not measured. */
  expect: string;
};

export type TLoadResult = {
  rps: number;
  p50: number;
  p99: number;
  /** CPU time the server spent per answer during the load (when its pid was given), in ms. */
  cpuMsPerRequest: number;
};

const MIN_REQUESTS = 30;

const HEADERS = { "accept-encoding": "gzip, deflate, br", "accept-language": "en" };

/** Fetches a target once and checks it answers 200 with the expected text. */
export async function checkTarget(t: TTarget): Promise<void> {
  const res = await fetch(t.url, {
    headers: { ...HEADERS, ...(t.cookie ? { cookie: t.cookie } : {}) },
    redirect: "manual",
  });
  const body = await res.text();
  if (res.status !== 200 || !body.includes(t.expect))
    throw new Error(`${t.name} (${t.url}) answered ${res.status} without "${t.expect}"`);
}

/** `connections` clients for `seconds`; throws (the run cannot be measured) on any error or non-2xx answer. */
export async function load(
  t: TTarget,
  opts: { seconds: number; connections: number; serverPid?: number },
): Promise<TLoadResult> {
  const cpuBefore = opts.serverPid ? cpuMs(opts.serverPid) : 0;
  const result = await autocannon({
    url: t.url,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 30,
    headers: { ...HEADERS, ...(t.cookie ? { cookie: t.cookie } : {}) },
  });
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0)
    throw new Error(
      `${t.name}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers under load`,
    );
  // A handful of answers gives no usable median or p99 (a machine far too busy): not a measurement.
  if (result.requests.total < MIN_REQUESTS)
    throw new Error(
      `${t.name}: only ${result.requests.total} answers in ${opts.seconds} s; too few to measure (raise BENCH_SECONDS)`,
    );
  const cpu = opts.serverPid ? cpuMs(opts.serverPid) - cpuBefore : Number.NaN;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: cpu / result.requests.total,
  };
}

/** A fixed number of requests, `connections` at a time (the warm-up). */
export async function warmUp(t: TTarget, requests: number, connections = 10): Promise<void> {
  const result = await autocannon({
    url: t.url,
    connections,
    amount: requests,
    timeout: 30,
    headers: { ...HEADERS, ...(t.cookie ? { cookie: t.cookie } : {}) },
  });
  if (result.errors > 0 || result.non2xx > 0)
    throw new Error(
      `${t.name}: warm-up failed (${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx)`,
    );
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
}

// The portal's background workers poll these tables; their statements are not a page's.
const WORKER_STATEMENT = /"(mail_outbox|jobs)"/;

export type TStatement = { sql: string; params: unknown[] };

/**
 * The SQL statements of one request: the fewest of three requests made one at a time (a worker's
 * poll can fall inside one), read from the portal's statement log (DB_LOG_STATEMENTS=1).
 */
export async function statementsOf(server: TServer, t: TTarget): Promise<TStatement[]> {
  let best: TStatement[] | undefined;
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const from = server.statements.length;
    await checkTarget(t);
    await new Promise((r) => setTimeout(r, 100));
    const mine = server.statements.slice(from).filter((s) => !WORKER_STATEMENT.test(s.sql));
    if (!best || mine.length < best.length) best = mine;
  }
  return best!;
}

/**
 * Bytes of JavaScript (as transferred, compressed) each URL loads in a fresh Chromium context, and
 * the Content-Security-Policy violations the page reported (none expected: a blocked script would
 * make the page look cheaper than it is).
 */
export async function firstLoadJs(
  targets: TTarget[],
): Promise<{ bytes: Map<string, number>; violations: Map<string, string[]> }> {
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--no-first-run",
    ],
  });
  const bytes = new Map<string, number>();
  const violations = new Map<string, string[]>();
  try {
    for (const t of targets) {
      const context = await browser.newContext();
      if (t.cookie) {
        const url = new URL(t.url);
        await context.addCookies(
          t.cookie.split("; ").map((pair) => {
            const eq = pair.indexOf("=");
            return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: url.origin };
          }),
        );
      }
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { cspViolations: string[] };
        w.cspViolations = [];
        document.addEventListener("securitypolicyviolation", (e) =>
          w.cspViolations.push(e.violatedDirective),
        );
      });
      let total = 0;
      page.on("response", async (res) => {
        if (res.request().resourceType() !== "script") return;
        const sizes = await res
          .request()
          .sizes()
          .catch(() => undefined);
        total += sizes?.responseBodySize ?? 0;
      });
      const res = await page.goto(t.url, { waitUntil: "networkidle" });
      if (!res || res.status() !== 200) throw new Error(`${t.name}: Chromium got ${res?.status()}`);
      await page.waitForTimeout(200);
      bytes.set(t.name, total);
      violations.set(
        t.name,
        await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
      );
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { bytes, violations };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** A plain-text table, columns padded. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join(
    "\n",
  );
}
