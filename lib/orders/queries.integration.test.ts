import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import {
  customers,
  invoices,
  licenses,
  orderEvents,
  orderItems,
  orders,
  prices,
  products,
  refunds,
} from "@/db/schema";
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
  it("lists 1 and 50 orders, each with its lines, in one statement", async () => {
    const one = await customerWithOrders("one@example.com", 1);
    const fifty = await customerWithOrders("fifty@example.com", 50);
    const listOne = await count(() => listOrders(t.db, one, "en"));
    const listFifty = await count(() => listOrders(t.db, fifty, "en"));
    expect(listOne).toBe(1);
    expect(listFifty).toBe(listOne);
    expect((await listOrders(t.db, fifty, "en")).length).toBe(50);
    const [newest] = await listOrders(t.db, fifty, "en");
    expect(newest!.orderNumber).toBe("ORD-2026-FI0000");
    expect(newest!.paidAt).toBeInstanceOf(Date);
    expect(newest!.items).toEqual([
      { name: "Backup", quantity: 1 },
      { name: "Backup", quantity: 1 },
    ]);
    expect(newest!.documents).toEqual([]);
    expect(await listOrders(t.db, "00000000-0000-4000-8000-000000000000", "en")).toEqual([]);
  });

  it("shows one order with a fixed number of queries, and another customer's as missing", async () => {
    const a = await customerWithOrders("aa@example.com", 3);
    const b = await customerWithOrders("bb@example.com", 1);
    const own = await count(() => getOrder(t.db, a, "ORD-2026-AA0001", "en"));
    expect(own).toBe(1);
    expect(await getOrder(t.db, a, "ORD-2026-AA0001", "en")).not.toBeNull();
    expect(await getOrder(t.db, b, "ORD-2026-AA0001", "en")).toBeNull();
  });

  it("gives an order's lines, keys, timeline and refunds in order, with their dates and names in the reader's language", async () => {
    const c = await customerWithOrders("detail@example.com", 1);
    const other = await customerWithOrders("other-detail@example.com", 0);
    const [o] = await t.db
      .select({ id: orders.id, productId: orderItems.productId, itemId: orderItems.id })
      .from(orders)
      .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
      .where(eq(orders.orderNumber, "ORD-2026-DE0000"));
    await t.db
      .update(products)
      .set({ localizedNames: { fr: "Sauvegarde" } })
      .where(eq(products.id, o!.productId));
    const expires = new Date("2027-03-04T05:06:07.891Z");
    await t.db.insert(licenses).values([
      {
        key: "KEY-DETAIL-2",
        customerId: c,
        orderItemId: o!.itemId,
        productId: o!.productId,
        createdAt: new Date(Date.now() + 1000),
      },
      {
        key: "KEY-DETAIL-1",
        customerId: c,
        orderItemId: o!.itemId,
        productId: o!.productId,
        expiresAt: expires,
      },
      // Another customer's key on this line (a swap's leftover, say) is not this customer's to see.
      { key: "KEY-DETAIL-X", customerId: other, orderItemId: o!.itemId, productId: o!.productId },
    ]);
    await t.db.insert(orderEvents).values([
      { orderId: o!.id, type: "refunded", at: new Date("2026-02-03T10:00:00.123Z"), data: { amount: 500 } },
      { orderId: o!.id, type: "paid", at: new Date("2026-02-01T09:30:00Z") },
    ]);
    await t.db.insert(refunds).values({
      orderId: o!.id,
      customerId: c,
      status: "refunded",
      amount: 500,
      currency: "eur",
      idempotencyKey: "detail-refund",
      requestedAt: new Date("2026-02-03T09:59:00Z"),
    });

    const order = (await getOrder(t.db, c, "ORD-2026-DE0000", "fr"))!;
    expect(order.items).toHaveLength(2);
    expect(order.items[0]!.name).toBe("Sauvegarde");
    expect(order.items[0]!.purchasedAt).toBeInstanceOf(Date);
    expect(order.items.map((i) => i.total)).toEqual([1200, 1200]);
    const line = order.items.find((i) => i.id === o!.itemId)!;
    expect(line.licenses.map((l) => l.key)).toEqual(["KEY-DETAIL-1", "KEY-DETAIL-2"]);
    expect(line.licenses[0]!.expiresAt).toEqual(expires);
    expect(line.licenses[1]!.expiresAt).toBeNull();
    expect(line.licenses[0]!.productName).toBe("Sauvegarde");
    expect(order.timeline).toEqual([
      { type: "paid", at: new Date("2026-02-01T09:30:00Z"), data: {} },
      { type: "refunded", at: new Date("2026-02-03T10:00:00.123Z"), data: { amount: 500 } },
    ]);
    expect(order.refunds).toEqual([
      expect.objectContaining({
        status: "refunded",
        amount: 500,
        currency: "eur",
        requestedAt: new Date("2026-02-03T09:59:00Z"),
      }),
    ]);
    expect(order.paidAt).toBeInstanceOf(Date);
    expect(order.paymentMethod).toBeNull();
  });

  it("lists each order's invoices and credit notes, oldest first", async () => {
    const c = await customerWithOrders("docs@example.com", 2);
    const [newer, older] = await t.db
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.customerId, c))
      .orderBy(desc(orders.paidAt));
    const doc = (kind: "invoice" | "credit_note", number: string, orderId: string, issuedAt: string) => ({
      kind,
      number,
      orderId,
      locale: "en",
      currency: "eur",
      subtotal: kind === "invoice" ? 2000 : 1000,
      tax: kind === "invoice" ? 400 : 200,
      total: kind === "invoice" ? 2400 : 1200,
      issuedAt: new Date(issuedAt),
    });
    await t.db
      .insert(invoices)
      .values([
        doc("credit_note", "CN-2026-900001", newer!.id, "2026-03-02T10:00:00.5Z"),
        doc("invoice", "INV-2026-900001", newer!.id, "2026-03-01T10:00:00Z"),
        doc("invoice", "INV-2026-900002", older!.id, "2026-02-01T10:00:00Z"),
      ]);
    const list = await count(() => listOrders(t.db, c, "en"));
    expect(list).toBe(1);
    const [first, second] = await listOrders(t.db, c, "en");
    expect(first!.documents.map((d) => [d.kind, d.number, d.total, d.currency])).toEqual([
      ["invoice", "INV-2026-900001", 2400, "eur"],
      ["credit_note", "CN-2026-900001", 1200, "eur"],
    ]);
    expect(first!.documents[1]!.issuedAt).toEqual(new Date("2026-03-02T10:00:00.5Z"));
    expect(second!.documents.map((d) => d.number)).toEqual(["INV-2026-900002"]);
    expect(typeof first!.documents[0]!.id).toBe("string");
  });
});
