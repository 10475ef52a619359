// `npm run bench:pages`: the portal's pages against a bare Next page of the same Next version, in
// one run on PostgreSQL (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local postgres; a
// database of its own, dropped at the end). Builds what is missing, starts the portal with the demo
// data and the bare app (bench/bare), signs a demo customer in through the real mail, then measures
// in alternating rounds: req/s, p50 and p99 of each page, and the server's CPU time per answer; the
// SQL statements each page costs; the JavaScript each page loads in Chromium; the resident memory
// of both servers after start, after the warm-up, after 5 rounds and after 10. Prints ratios; exits
// non-zero only when it could not measure.
//
// BENCH_ROUNDS (10), BENCH_SECONDS (5 per page and round), BENCH_CONNECTIONS (10), BENCH_WARMUP (300
// requests per page), BENCH_PORT_BASE (4100). BENCH_PORTAL_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
// profiles the portal; BENCH_HEAP_SNAPSHOTS=/tmp/heap writes a heap snapshot after the warm-up and at the end.
import { mkdirSync } from "node:fs";
import {
  checkTarget,
  firstLoadJs,
  load,
  loadAverage,
  median,
  statementsOf,
  table,
  warmUp,
  type TLoadResult,
  type TTarget,
} from "./lib/measure";
import { rssMb, signInThroughMail, startBenchStack, type TServer } from "./lib/stack";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const CUSTOMER = "alice@demo.test";
/** Memory is noted after this many rounds and after all of them (5 and 10 by default). */
const MID = Math.ceil(ROUNDS / 2);

/** Node writes a heap snapshot on SIGUSR2 (--heapsnapshot-signal); the server pauses while it does. */
async function heapSnapshot(server: TServer, dir: string | undefined): Promise<void> {
  if (!dir) return;
  server.child.kill("SIGUSR2");
  await new Promise((r) => setTimeout(r, 10_000));
}

async function main(): Promise<void> {
  const heapDir = process.env.BENCH_HEAP_SNAPSHOTS;
  const nodeArgs = [
    ...(process.env.BENCH_PORTAL_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
    ...(heapDir ? ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${heapDir}`] : []),
  ];
  if (heapDir) mkdirSync(heapDir, { recursive: true });
  const stack = await startBenchStack({ prefix: "portal_bench_pages", portal: { nodeArgs } });
  try {
    const { cookie, mailMs } = await signInThroughMail(stack, CUSTOMER);
    const ordersHtml = await (await fetch(`${stack.portal.url}/en/orders`, { headers: { cookie } })).text();
    const orderNumber = /href="\/en\/orders\/(ORD-[^"]+)"/.exec(ordersHtml)?.[1];
    if (!orderNumber) throw new Error("no order on the demo customer's orders page");

    const p = stack.portal.url;
    const b = stack.bare.url;
    const bareDynamic: TTarget = { name: "bare page, 1 query", url: `${b}/`, expect: "<table>" };
    const bareStatic: TTarget = { name: "bare static page", url: `${b}/static`, expect: "<h1>" };
    const portalPages: TTarget[] = [
      { name: "orders list", url: `${p}/en/orders`, cookie, expect: orderNumber },
      { name: "order page", url: `${p}/en/orders/${orderNumber}`, cookie, expect: orderNumber },
      { name: "licenses", url: `${p}/en/licenses`, cookie, expect: "license-" },
      { name: "FAQ", url: `${p}/en/faq`, expect: 'class="faq-entry"' },
      { name: "home", url: `${p}/en`, expect: 'href="/en/faq"' },
      // The FAQ rendered per request (nonce, no cache): what the cached FAQ saves, measured beside it.
      { name: "FAQ search (dynamic)", url: `${p}/en/faq/search?q=licen`, expect: 'class="faq-entry"' },
      // The floor of a page rendered per request here: the proxy (nonce CSP), the layout (header,
      // footer, metadata) and a form, no session and no SQL. What the signed-in pages add is above it.
      { name: "sign-in page (floor)", url: `${p}/en/sign-in`, expect: 'name="email"' },
    ];
    const signedIn = portalPages.slice(0, 3);
    const publicPages = portalPages.slice(3, 5);
    const targets = [bareDynamic, bareStatic, ...portalPages];
    for (const t of targets) await checkTarget(t);

    const servers = [stack.portal, stack.bare];
    const rss: Record<string, number[]> = { portal: [], bare: [] };
    const noteRss = () => servers.forEach((s) => rss[s.name]!.push(rssMb(s.child.pid!)));
    noteRss();
    console.log(`warm-up: ${WARMUP} requests per page…`);
    for (const t of targets) await warmUp(t, WARMUP);
    noteRss();
    await heapSnapshot(stack.portal, heapDir);

    const results = new Map<string, TLoadResult[]>(targets.map((t) => [t.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      // Alternate the order, so no page always runs right after another.
      const shift = (round - 1) % targets.length;
      const order = [...targets.slice(shift), ...targets.slice(0, shift)];
      if (round % 2 === 0) order.reverse();
      console.log(`round ${round}/${ROUNDS}, load average ${loadAverage()}`);
      for (const t of order) {
        const server = t === bareDynamic || t === bareStatic ? stack.bare : stack.portal;
        const opts = { seconds: SECONDS, connections: CONNECTIONS, serverPid: server.child.pid! };
        results.get(t.name)!.push(await load(t, opts));
      }
      if (round === MID) noteRss();
      if (round === ROUNDS) noteRss();
    }
    await heapSnapshot(stack.portal, heapDir);
    const loadAfter = loadAverage();

    // After the load: the cached pages are served from the page cache here, with their hash-based CSP.
    const { bytes: js, violations: csp } = await firstLoadJs([bareDynamic, ...portalPages]);

    // Statements per page, from a portal restarted with its statement log on (it costs time under load).
    const logged = await stack.restartPortal({ logStatements: true });
    for (const t of portalPages) await checkTarget(t);
    const statements = new Map<string, number>();
    for (const t of portalPages) statements.set(t.name, (await statementsOf(logged, t)).length);

    const med = (name: string, k: keyof TLoadResult) => median(results.get(name)!.map((r) => r[k]));
    const base = {
      rps: med(bareDynamic.name, "rps"),
      p99: med(bareDynamic.name, "p99"),
      cpu: med(bareDynamic.name, "cpuMsPerRequest"),
    };
    const staticCpu = med(bareStatic.name, "cpuMsPerRequest");
    const staticRps = med(bareStatic.name, "rps");
    const perRound = (name: string) =>
      results
        .get(name)!
        .map((r) => r.rps.toFixed(0))
        .join(" ");
    const ratioRounds = (name: string, ref: string) =>
      results
        .get(name)!
        .map((r, i) => (r.rps / results.get(ref)![i]!.rps).toFixed(2))
        .join(" ");

    console.log(
      `\n${ROUNDS} rounds of ${SECONDS} s per page, ${CONNECTIONS} connections; load average at the end ${loadAfter}`,
    );
    console.log(`sign-in mail in the sink ${mailMs.toFixed(0)} ms after the request`);
    console.log(
      "CPU ms/req: the server's CPU time (its processes, from /proc) per answer during the rounds, × the bare\n" +
        "dynamic page's (cached pages: × the bare static page's); a busy machine moves req/s far more than it.\n",
    );
    console.log(
      table(
        [
          "page",
          "req/s (median)",
          "p50 ms",
          "p99 ms",
          "× bare req/s",
          "p99 × bare",
          "× bare static",
          "CPU ms/req",
          "CPU × bare",
          "per round req/s",
          "ratio per round",
        ],
        targets.map((t) => {
          const ref = publicPages.includes(t) ? bareStatic.name : bareDynamic.name;
          return [
            t.name,
            med(t.name, "rps").toFixed(0),
            med(t.name, "p50").toFixed(0),
            med(t.name, "p99").toFixed(0),
            (med(t.name, "rps") / base.rps).toFixed(2),
            (med(t.name, "p99") / base.p99).toFixed(2),
            (med(t.name, "rps") / staticRps).toFixed(2),
            med(t.name, "cpuMsPerRequest").toFixed(2),
            (med(t.name, "cpuMsPerRequest") / (publicPages.includes(t) ? staticCpu : base.cpu)).toFixed(2),
            perRound(t.name),
            t === bareDynamic || t === bareStatic ? "" : ratioRounds(t.name, ref),
          ];
        }),
      ),
    );
    const bareJs = js.get(bareDynamic.name)!;
    console.log(
      `\n${table(
        ["page", "SQL statements", "first-load JS bytes", "× bare page"],
        [
          [bareDynamic.name, 1, bareJs, "1.00"],
          ...portalPages.map((t) => [
            t.name,
            statements.get(t.name)!,
            js.get(t.name)!,
            (js.get(t.name)! / bareJs).toFixed(2),
          ]),
        ],
      )}`,
    );
    const rssRow = (name: string) => {
      const [start, warm, five, end] = rss[name]!;
      return [name, start!.toFixed(0), warm!.toFixed(0), five!.toFixed(0), end!.toFixed(0)];
    };
    console.log(
      `\n${table(["RSS MB", "after start", "after warm-up", `after ${MID} rounds`, `after ${ROUNDS} rounds`], [rssRow("portal"), rssRow("bare")])}`,
    );
    const pr = rss.portal!;
    const br = rss.bare!;
    console.log(
      `portal/bare RSS after the runs ${(pr[3]! / br[3]!).toFixed(2)}; portal growth from ${MID} to ${ROUNDS} rounds ${(((pr[3]! - pr[2]!) / pr[2]!) * 100).toFixed(1)} %`,
    );

    const goals = [
      ...signedIn.map((t) => [`${t.name} ≥ 0.70× bare req/s`, med(t.name, "rps") / base.rps >= 0.7] as const),
      ...signedIn.map((t) => [`${t.name} p99 ≤ 2× bare`, med(t.name, "p99") / base.p99 <= 2] as const),
      ...publicPages.map(
        (t) => [`${t.name} ≥ 0.90× bare static`, med(t.name, "rps") / staticRps >= 0.9] as const,
      ),
      ...portalPages.map((t) => [`${t.name} JS ≤ 1.15× bare`, js.get(t.name)! / bareJs <= 1.15] as const),
      ...portalPages.map(
        (t) => [`${t.name}: no CSP violation in Chromium`, (csp.get(t.name) ?? []).length === 0] as const,
      ),
      ["RSS ≤ 1.3× bare", pr[3]! / br[3]! <= 1.3] as const,
      [`RSS growth ${MID}→${ROUNDS} rounds ≤ 10 %`, (pr[3]! - pr[2]!) / pr[2]! <= 0.1] as const,
    ];
    console.log(`\n${goals.map(([g, ok]) => `${ok ? "met    " : "NOT met"}  ${g}`).join("\n")}`);
    console.log("(goals are reported, not enforced: timings on a shared machine vary)");
  } finally {
    await stack.close();
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

main().catch((error: unknown) => {
  console.error("bench:pages could not measure:", error);
  process.exit(1);
});
