// `npm run bench:scale`: a customer's pages with 1,000,000 orders over 100,000 customers in the
// database, against the same pages at demo size, in one run on PostgreSQL (a database of its own,
// dropped at the end). Measures the demo customer's orders list and an order page against the bare
// dynamic page at demo size, loads the synthetic orders (set-based INSERT … SELECT over
// generate_series, every constraint and index of the schema in force), measures again, and prints
// each page's SQL statements with their plans (EXPLAIN ANALYZE), flagging a sequential scan on a
// large table. Exits non-zero only when it could not measure.
//
// BENCH_ROUNDS (5), BENCH_SECONDS (5), BENCH_CONNECTIONS (10), BENCH_WARMUP (200),
// BENCH_SCALE_ORDERS (1,000,000), BENCH_SCALE_CUSTOMERS (100,000), BENCH_PORT_BASE (4100).
import postgres from "postgres";
import {
  checkTarget,
  load,
  loadAverage,
  median,
  statementsOf,
  table,
  warmUp,
  type TLoadResult,
  type TStatement,
  type TTarget,
} from "./lib/measure";
import { signInThroughMail, startBenchStack, type TBenchStack } from "./lib/stack";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const ORDERS = Number(process.env.BENCH_SCALE_ORDERS ?? 1_000_000);
const CUSTOMERS = Number(process.env.BENCH_SCALE_CUSTOMERS ?? 100_000);
const CUSTOMER = "alice@demo.test";
/** A table with more rows than this is "large": no sequential scan on it. */
const LARGE_TABLE_ROWS = 10_000;

type TPhase = { results: Map<string, TLoadResult[]>; statements: Map<string, TStatement[]>; load: string };

async function measure(stack: TBenchStack, targets: TTarget[], pages: TTarget[]): Promise<TPhase> {
  // Statements first (the portal restarted with its statement log on), so that the plans can be
  // printed even when the load then fails.
  const logged = await stack.restartPortal({ logStatements: true });
  for (const t of pages) await checkTarget(t);
  const statements = new Map<string, TStatement[]>();
  for (const t of pages) statements.set(t.name, await statementsOf(logged, t));
  await stack.restartPortal();
  for (const t of targets) await checkTarget(t);
  for (const t of targets) await warmUp(t, WARMUP);
  const results = new Map<string, TLoadResult[]>(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 ? targets : [...targets].reverse();
    console.log(`  round ${round}/${ROUNDS}, load average ${loadAverage()}`);
    for (const t of order)
      results.get(t.name)!.push(await load(t, { seconds: SECONDS, connections: CONNECTIONS }));
  }
  return { results, statements, load: loadAverage() };
}

/** The synthetic orders: customers, orders, one item, one license and one timeline event each. */
async function loadOrders(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [catalog] = await sql<{ productId: string; priceId: string }[]>`
      SELECT p.id AS "productId", pr.id AS "priceId" FROM products p JOIN prices pr ON pr.product_id = p.id
      WHERE p.kind = 'one_time' ORDER BY p.slug LIMIT 1`;
    if (!catalog) throw new Error("no product in the demo catalog");
    const step = async (what: string, query: Promise<unknown>) => {
      const started = performance.now();
      await query;
      console.log(`  ${what} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    };
    await step(
      `${CUSTOMERS.toLocaleString("en")} customers`,
      sql`INSERT INTO customers (email, locale)
          SELECT 'scale-' || g || '@example.test', (ARRAY['en','fr','it'])[1 + g % 3]
          FROM generate_series(1, ${CUSTOMERS}::int) AS g`,
    );
    await step(
      `${ORDERS.toLocaleString("en")} orders`,
      sql`INSERT INTO orders (order_number, customer_id, purchase_email, currency, subtotal, tax, total,
                              tax_rate_bps, country, locale, paid_at)
          SELECT 'ORD-S-' || g, c.id, c.email, 'eur', 2995, 599, 3594, 2000, 'FR', c.locale,
                 now() - (g % 1500) * interval '1 day' - (g % 86400) * interval '1 second'
          FROM generate_series(1, ${ORDERS}::int) AS g
          JOIN (SELECT id, email, locale, row_number() OVER (ORDER BY email) AS n
                FROM customers WHERE email LIKE 'scale-%') AS c
            ON c.n = 1 + g % ${CUSTOMERS}::int`,
    );
    await step(
      "their items",
      sql`INSERT INTO order_items (order_id, product_id, price_id, quantity, currency, unit_amount, subtotal,
                                   tax, total, purchased_at)
          SELECT o.id, ${catalog.productId}, ${catalog.priceId}, 1, 'eur', 2995, 2995, 599, 3594, o.paid_at
          FROM orders o WHERE o.order_number LIKE 'ORD-S-%'`,
    );
    await step(
      "their licenses",
      sql`INSERT INTO licenses (key, customer_id, order_item_id, product_id)
          SELECT 'SCALE-' || i.id, o.customer_id, i.id, i.product_id
          FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.order_number LIKE 'ORD-S-%'`,
    );
    await step(
      "their timeline events",
      sql`INSERT INTO order_events (order_id, type, at)
          SELECT id, 'paid', paid_at FROM orders WHERE order_number LIKE 'ORD-S-%'`,
    );
    // As after a day of autovacuum: visibility map set, statistics fresh (no vacuum during the runs).
    await step("VACUUM ANALYZE", sql`VACUUM (ANALYZE)`);
  } finally {
    await sql.end();
  }
}

/** EXPLAIN ANALYZE of each statement; the large tables it reads by sequential scan. */
async function explain(
  databaseUrl: string,
  statements: TStatement[],
): Promise<{ plans: string[]; seqScans: string[] }> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const sizes = await sql<{ name: string; rows: number }[]>`
      SELECT relname AS name, reltuples::bigint::int AS rows FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`;
    const large = new Set(sizes.filter((s) => s.rows > LARGE_TABLE_ROWS).map((s) => s.name));
    const plans: string[] = [];
    const seqScans: string[] = [];
    for (const s of statements) {
      const rows = await sql.unsafe<{ "QUERY PLAN": string }[]>(
        `EXPLAIN (ANALYZE, BUFFERS) ${s.sql}`,
        s.params as never[],
      );
      const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
      plans.push(`${s.sql}\n${plan}`);
      for (const m of plan.matchAll(/Seq Scan on (\w+)/g)) if (large.has(m[1]!)) seqScans.push(m[1]!);
    }
    return { plans, seqScans };
  } finally {
    await sql.end();
  }
}

async function main(): Promise<void> {
  const stack = await startBenchStack({ prefix: "portal_bench_scale" });
  try {
    const { cookie } = await signInThroughMail(stack, CUSTOMER);
    const ordersHtml = await (await fetch(`${stack.portal.url}/en/orders`, { headers: { cookie } })).text();
    const orderNumber = /href="\/en\/orders\/(ORD-[^"]+)"/.exec(ordersHtml)?.[1];
    if (!orderNumber) throw new Error("no order on the demo customer's orders page");
    const p = stack.portal.url;
    const bare: TTarget = { name: "bare page, 1 query", url: `${stack.bare.url}/`, expect: "<table>" };
    const pages: TTarget[] = [
      { name: "orders list", url: `${p}/en/orders`, cookie, expect: orderNumber },
      { name: "order page", url: `${p}/en/orders/${orderNumber}`, cookie, expect: orderNumber },
    ];
    const targets = [bare, ...pages];

    console.log("demo size:");
    const demo = await measure(stack, targets, pages);
    console.log(
      `loading ${ORDERS.toLocaleString("en")} orders over ${CUSTOMERS.toLocaleString("en")} customers…`,
    );
    await loadOrders(stack.databaseUrl);
    console.log(`${ORDERS.toLocaleString("en")} orders:`);
    let big: TPhase;
    try {
      big = await measure(stack, targets, pages);
    } catch (error) {
      // Could not measure under load: still show where the statements spend their time.
      const logged = await stack.restartPortal({ logStatements: true });
      for (const t of pages) {
        const { plans } = await explain(stack.databaseUrl, await statementsOf(logged, t));
        console.log(`\n== ${t.name} at 1M orders ==\n${plans.join("\n\n")}`);
      }
      throw error;
    }

    const med = (ph: TPhase, name: string, k: keyof TLoadResult) =>
      median(ph.results.get(name)!.map((r) => r[k]));
    const ratio = (ph: TPhase, name: string) => med(ph, name, "rps") / med(ph, bare.name, "rps");
    console.log(
      `\n${ROUNDS} rounds of ${SECONDS} s per page and size, ${CONNECTIONS} connections; load average ${demo.load} (demo size), ${big.load} (1M)\n`,
    );
    console.log(
      table(
        [
          "page",
          "req/s demo",
          "req/s 1M",
          "× bare demo",
          "× bare 1M",
          "slower at 1M",
          "p99 ms demo",
          "p99 ms 1M",
          "statements demo",
          "statements 1M",
        ],
        targets.map((t) => [
          t.name,
          med(demo, t.name, "rps").toFixed(0),
          med(big, t.name, "rps").toFixed(0),
          ratio(demo, t.name).toFixed(2),
          ratio(big, t.name).toFixed(2),
          `${(ratio(demo, t.name) / ratio(big, t.name)).toFixed(2)}×`,
          med(demo, t.name, "p99").toFixed(0),
          med(big, t.name, "p99").toFixed(0),
          t === bare ? 1 : demo.statements.get(t.name)!.length,
          t === bare ? 1 : big.statements.get(t.name)!.length,
        ]),
      ),
    );
    let seqScans = 0;
    for (const t of pages) {
      const { plans, seqScans: found } = await explain(stack.databaseUrl, big.statements.get(t.name)!);
      seqScans += found.length;
      console.log(`\n== ${t.name} at 1M orders: ${plans.length} statements ==\n`);
      console.log(plans.join("\n\n"));
      console.log(
        found.length
          ? `\nSEQUENTIAL SCAN on a large table: ${found.join(", ")}`
          : "\nno sequential scan on a large table",
      );
    }
    const goals = [
      ...pages.map(
        (t) =>
          [
            `${t.name} at 1M within 1.2× of demo size`,
            ratio(demo, t.name) / ratio(big, t.name) <= 1.2,
          ] as const,
      ),
      ...pages.map(
        (t) =>
          [
            `${t.name}: same number of statements`,
            demo.statements.get(t.name)!.length === big.statements.get(t.name)!.length,
          ] as const,
      ),
      ["no sequential scan on a large table", seqScans === 0] as const,
    ];
    console.log(`\n${goals.map(([g, ok]) => `${ok ? "met    " : "NOT met"}  ${g}`).join("\n")}`);
    console.log("(goals are reported, not enforced: timings on a shared machine vary)");
  } finally {
    await stack.close();
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

main().catch((error: unknown) => {
  console.error("bench:scale could not measure:", error);
  process.exit(1);
});
