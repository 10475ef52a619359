// `npm run bench:profile`: a CPU profile of the portal under load, summed by function and by file.
// Starts the bench stack (bench/lib/stack.ts) with the portal under `node --cpu-prof`, signs the demo
// customer in, loads the orders list, an order page, the FAQ and the home page with autocannon (PROFILE_SECONDS
// each, 20 by default, 10 connections; PROFILE_PAGES="FAQ,home" only those), then stops the portal with SIGINT so that Node writes the
// profile (Next exits cleanly on SIGINT), and prints the top self-time and inclusive functions and
// files. `npm run bench:profile -- some.cpuprofile` only summarises an existing profile.
// PROFILE_DIR keeps the profile (default: a temporary folder); PROFILE_TOP rows per table (15).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkTarget, load, loadAverage, warmUp, type TTarget } from "./lib/measure";
import { isProjectRow, summarize, topRows, type TCpuProfile } from "./lib/cpu-profile";
import { signInThroughMail, startBenchStack } from "./lib/stack";

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 20);
const TOP = Number(process.env.PROFILE_TOP ?? 15);
/** PROFILE_PAGES="FAQ,home" loads only those pages (names as in the targets below); all by default. */
const PAGES = process.env.PROFILE_PAGES?.split(",").map((s) => s.trim());

/** Now on CLOCK_MONOTONIC in microseconds, the clock of V8's profiles. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

function report(file: string, window?: { fromUs: number; toUs: number }): void {
  const summary = summarize(JSON.parse(readFileSync(file, "utf8")) as TCpuProfile, process.cwd(), window);
  const during = window ? "during the load" : "over the whole run";
  console.log(`\n${file}: ${(summary.totalMs / 1000).toFixed(1)} s of CPU ${during} (idle left out)`);
  console.log(`\nfiles by self time:\n${topRows(summary.byFile, "self", TOP).join("\n")}`);
  console.log(`\nfiles by inclusive time:\n${topRows(summary.byFile, "total", TOP).join("\n")}`);
  console.log(`\nfunctions by self time:\n${topRows(summary.byFunction, "self", TOP).join("\n")}`);
  console.log(`\nfunctions by inclusive time:\n${topRows(summary.byFunction, "total", TOP).join("\n")}`);
  const own = summary.byFile.filter(isProjectRow);
  console.log(`\nthe project's files by inclusive time:\n${topRows(own, "total", TOP).join("\n")}`);
}

async function main(): Promise<void> {
  const existing = process.argv[2];
  if (existing) return report(existing);
  const dir = process.env.PROFILE_DIR ?? mkdtempSync(path.join(os.tmpdir(), "portal-profile-"));
  let window: { fromUs: number; toUs: number } | undefined;
  const stack = await startBenchStack({
    prefix: "portal_bench_profile",
    portal: { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`] },
  });
  try {
    const { cookie } = await signInThroughMail(stack, "alice@demo.test");
    const p = stack.portal.url;
    const ordersHtml = await (await fetch(`${p}/en/orders`, { headers: { cookie } })).text();
    const orderNumber = /href="\/en\/orders\/(ORD-[^"]+)"/.exec(ordersHtml)?.[1];
    if (!orderNumber) throw new Error("no order on the demo customer's orders page");
    const targets: TTarget[] = [
      { name: "orders list", url: `${p}/en/orders`, cookie, expect: orderNumber },
      { name: "order page", url: `${p}/en/orders/${orderNumber}`, cookie, expect: orderNumber },
      { name: "FAQ", url: `${p}/en/faq`, expect: 'class="faq-entry"' },
      { name: "home", url: `${p}/en`, expect: 'href="/en/faq"' },
      // The floor of a page rendered per request, no session and no SQL: only when PROFILE_PAGES names it.
      { name: "sign-in page", url: `${p}/en/sign-in`, expect: 'name="email"' },
    ].filter((t) => (PAGES ? PAGES.includes(t.name) : t.name !== "sign-in page"));
    for (const t of targets) await checkTarget(t);
    for (const t of targets) await warmUp(t, 100);
    const fromUs = nowUs();
    for (const t of targets) {
      const r = await load(t, { seconds: SECONDS, connections: 10 });
      console.log(
        `${t.name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms (load average ${loadAverage()})`,
      );
    }
    window = { fromUs, toUs: nowUs() };
    const child = stack.portal.child;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGINT");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
    if (child.exitCode === null) throw new Error("the portal did not exit within 60 s of SIGINT");
  } finally {
    await stack.close();
  }
  const profiles = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f));
  if (profiles.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  // `next start` runs the server in its own process: the largest profile is the server's.
  const largest = profiles.sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0]!;
  // Only the load: the start, the demo seed's webhooks and mails and the warm-up are left out.
  report(largest, window);
}

main().catch((error: unknown) => {
  console.error("bench:profile failed:", error);
  process.exit(1);
});
