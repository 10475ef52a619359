import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, orders } from "@/db/schema";
import { migrateDatabase } from "@/db/open";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";

let t: TTestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

async function schemaFingerprint(): Promise<string> {
  const rows = await t.db.execute<{ table_name: string; column_name: string }>(
    sql`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
  );
  const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
  return JSON.stringify(list);
}

describe("migrations", () => {
  it("create every table of the domain", async () => {
    const fp = await schemaFingerprint();
    for (const table of [
      "customers",
      "orders",
      "order_items",
      "licenses",
      "subscriptions",
      "refunds",
      "swaps",
      "invoices",
      "stripe_events",
      "mail_outbox",
      "jobs",
      "rate_limits",
      "support_requests",
      "audit_log",
      "auth_sessions",
      "auth_verification_tokens",
    ]) {
      expect(fp).toContain(`"table_name":"${table}"`);
    }
  });

  it("change nothing on a second run", async () => {
    const before = await schemaFingerprint();
    await migrateDatabase(t.url ? { databaseUrl: t.url } : { handle: t });
    expect(await schemaFingerprint()).toBe(before);
  });
});

describe("invariants in the database", () => {
  it("refuses an upper-case e-mail, a duplicate e-mail and an unknown locale", async () => {
    await t.db.insert(customers).values({ email: "ana@example.com" });
    await expect(t.db.insert(customers).values({ email: "Ana@Example.com" })).rejects.toThrow();
    await expect(t.db.insert(customers).values({ email: "ana@example.com" })).rejects.toThrow();
    await expect(t.db.insert(customers).values({ email: "bo@example.com", locale: "de" })).rejects.toThrow();
  });

  it("refuses negative money, totals that do not add up, a bad status, a duplicate order number", async () => {
    const [c] = await t.db
      .insert(customers)
      .values({ email: "cy@example.com" })
      .returning({ id: customers.id });
    const base = {
      customerId: c!.id,
      purchaseEmail: "cy@example.com",
      currency: "eur",
      subtotal: 1000,
      tax: 200,
      total: 1200,
      paidAt: new Date(),
    };
    await t.db.insert(orders).values({ ...base, orderNumber: "ORD-OK-1" });
    await expect(t.db.insert(orders).values({ ...base, orderNumber: "ORD-OK-1" })).rejects.toThrow();
    await expect(
      t.db.insert(orders).values({ ...base, orderNumber: "ORD-2", subtotal: -1, total: 199 }),
    ).rejects.toThrow();
    await expect(
      t.db.insert(orders).values({ ...base, orderNumber: "ORD-3", total: 1300 }),
    ).rejects.toThrow();
    await expect(
      t.db.insert(orders).values({ ...base, orderNumber: "ORD-4", currency: "EUR" }),
    ).rejects.toThrow();
    await expect(
      t.db.insert(orders).values({ ...base, orderNumber: "ORD-5", status: "lost" as never }),
    ).rejects.toThrow();
    await expect(
      t.db.insert(orders).values({ ...base, orderNumber: "ORD-6", refunded: -1 }),
    ).rejects.toThrow();
  });

  it("refuses an order of a customer that does not exist", async () => {
    await expect(
      t.db.insert(orders).values({
        customerId: "00000000-0000-4000-8000-000000000000",
        orderNumber: "ORD-FK",
        purchaseEmail: "x@example.com",
        currency: "eur",
        subtotal: 0,
        tax: 0,
        total: 0,
        paidAt: new Date(),
      }),
    ).rejects.toThrow();
  });
});
