import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, orderItems, orders, prices, products } from "@/db/schema";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";
import { getOrder, listOrders } from "./queries";

let t: TTestDatabase;
let statements = 0;

beforeAll(async () => {
  t = await createTestDatabase({ onQuery: () => statements++ });
});
afterAll(async () => {
  await t?.dispose();
});

async function customerWithOrders(email: string, count: number): Promise<string> {
  const [c] = await t.db.insert(customers).values({ email }).returning({ id: customers.id });
  const [p] = await t.db
    .insert(products)
    .values({ slug: `p-${email}`, name: "Backup", family: "backup", kind: "one_time" })
    .returning({ id: products.id });
  const [pr] = await t.db
    .insert(prices)
    .values({ productId: p!.id, currency: "eur", unitAmount: 1000 })
    .returning({ id: prices.id });
  for (let i = 0; i < count; i++) {
    const [o] = await t.db
      .insert(orders)
      .values({
        orderNumber: `ORD-2026-${email.slice(0, 2).toUpperCase()}${String(i).padStart(4, "0")}`,
        customerId: c!.id,
        purchaseEmail: email,
        currency: "eur",
        subtotal: 2000,
        tax: 400,
        total: 2400,
        paidAt: new Date(Date.now() - i * 86_400_000),
      })
      .returning({ id: orders.id });
    await t.db.insert(orderItems).values([
      {
        orderId: o!.id,
        productId: p!.id,
        priceId: pr!.id,
        quantity: 1,
        currency: "eur",
        unitAmount: 1000,
        subtotal: 1000,
        tax: 200,
        total: 1200,
        purchasedAt: new Date(),
      },
      {
        orderId: o!.id,
        productId: p!.id,
        priceId: pr!.id,
        quantity: 1,
        currency: "eur",
        unitAmount: 1000,
        subtotal: 1000,
        tax: 200,
        total: 1200,
        purchasedAt: new Date(),
      },
    ]);
  }
  return c!.id;
}

async function count(fn: () => Promise<unknown>): Promise<number> {
  statements = 0;
  await fn();
  return statements;
}

describe("a customer's pages cost the same number of queries whatever their number of orders", () => {
  it("lists 1 and 50 orders with the same two queries", async () => {
    const one = await customerWithOrders("one@example.com", 1);
    const fifty = await customerWithOrders("fifty@example.com", 50);
    const listOne = await count(() => listOrders(t.db, one, "en"));
    const listFifty = await count(() => listOrders(t.db, fifty, "en"));
    expect(listOne).toBe(2);
    expect(listFifty).toBe(listOne);
    expect((await listOrders(t.db, fifty, "en")).length).toBe(50);
    expect((await listOrders(t.db, fifty, "en"))[0]!.items).toHaveLength(2);
  });

  it("shows one order with a fixed number of queries, and another customer's as missing", async () => {
    const a = await customerWithOrders("aa@example.com", 3);
    const b = await customerWithOrders("bb@example.com", 1);
    const own = await count(() => getOrder(t.db, a, "ORD-2026-AA0001", "en"));
    expect(own).toBe(5);
    expect(await getOrder(t.db, a, "ORD-2026-AA0001", "en")).not.toBeNull();
    expect(await getOrder(t.db, b, "ORD-2026-AA0001", "en")).toBeNull();
  });
});
