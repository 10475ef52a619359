import { and, desc, eq, inArray } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  customers,
  emailClaims,
  licenses,
  mailOutbox,
  orderEvents,
  orderItems,
  orders,
  refunds,
  stripeCustomers,
  subscriptions,
  swaps,
} from "@/db/schema";
import { listOrders } from "@/lib/orders/queries";
import {
  buy,
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { confirmAddressClaim } from "./confirm-address-claim";
import { getAddressClaim } from "./queries";
import { requestAddressClaim } from "./request-address-claim";

const CFG = { secret: "integration-test-auth-secret-0123456789", mail: MAIL_SETTINGS };
const A = "alice.attach@example.com";
const B = "bob.old@example.com";

let h: TPortalHarness;
let backup: { price: Stripe.Price };
let plan: { price: Stripe.Price };
let aId: string;
let bId: string;
let bOrderNumbers: string[];
let bSessions: Stripe.Checkout.Session[];

/** Each test asks at its own hour, so the per-hour limits of one test do not spill into the next. */
const at = (hour: number, minute = 0, second = 0) => new Date(Date.UTC(2026, 0, 5, hour, minute, second));

async function customerId(email: string): Promise<string> {
  const [row] = await h.t.db.select({ id: customers.id }).from(customers).where(eq(customers.email, email));
  return row!.id;
}

/** The code, read the way the customer reads it: from the newest claim mail to that address. */
async function codeMailedTo(email: string): Promise<string> {
  const [mail] = await h.t.db
    .select({ text: mailOutbox.text })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.to, email), eq(mailOutbox.template, "address-claim")))
    .orderBy(desc(mailOutbox.id))
    .limit(1);
  const code = /\n {4}([A-Z2-9]{6})\n/.exec(mail!.text)?.[1];
  if (!code) throw new Error(`no code in ${mail?.text}`);
  return code;
}

/** A code that is certainly not the right one. */
const wrongOf = (code: string) => (code.startsWith("A") ? "B" : "A") + code.slice(1);

async function claim(email: string, when: Date): Promise<{ claimId: string; code: string }> {
  const r = await requestAddressClaim(h.t.db, aId, { email, locale: "en" }, CFG, when);
  if (!r.ok) throw new Error(r.code);
  return { claimId: r.claimId, code: await codeMailedTo(email) };
}

const ordersOf = async (id: string) => (await listOrders(h.t.db, id, "en")).map((o) => o.orderNumber).sort();

beforeAll(async () => {
  h = await startPortalHarness();
  backup = await createCatalogItem(h.stripe, {
    slug: "backup-pro",
    name: "Backup Pro",
    amount: 4995,
    family: "backup",
  });
  plan = await createCatalogItem(h.stripe, {
    slug: "backup-yearly",
    name: "Backup Yearly",
    amount: 2995,
    yearly: true,
    family: "backup-plan",
  });
  await buy(h, { email: A, items: [{ price: backup.price.id }] });
  bSessions = [
    await buy(h, { email: B, items: [{ price: backup.price.id, quantity: 2 }] }),
    await buy(h, { email: B, mode: "subscription", items: [{ price: plan.price.id }] }),
  ];
  await h.flush();
  // A Stripe-dashboard refund on one of B's orders: a refunds row of B's.
  await h.stripe.refunds.create({ payment_intent: bSessions[0]!.payment_intent as string, amount: 1000 });
  await h.flush();
  aId = await customerId(A);
  bId = await customerId(B);
  bOrderNumbers = await ordersOf(bId);
  // No swap flow writes rows yet; one failed attempt of B's stands in for them.
  const [item] = await h.t.db
    .select({ id: orderItems.id, productId: orderItems.productId, priceId: orderItems.priceId })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(eq(orders.customerId, bId))
    .limit(1);
  await h.t.db.insert(swaps).values({
    orderItemId: item!.id,
    customerId: bId,
    fromProductId: item!.productId,
    toProductId: item!.productId,
    toPriceId: item!.priceId,
    status: "failed",
    difference: 0,
    differenceTax: 0,
    currency: "eur",
    idempotencyKey: "swap:test-b",
  });
});
afterAll(async () => {
  await h?.close();
});

describe("asking for a code", () => {
  it("mails it only to the other address, says who asked, stores only its hash and voids the earlier code", async () => {
    const first = await claim(B, at(8));
    const second = await claim(B, at(8, 1));
    const claimMails = await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.template, "address-claim"));
    expect(claimMails.map((m) => m.to)).toEqual([B, B]);
    expect(claimMails[1]!.text).toContain(A);
    expect(claimMails[1]!.text).toContain(second.code);
    expect(claimMails[1]!.text).toMatch(/ignore this mail: nothing changes/);
    const rows = await h.t.db.select().from(emailClaims).where(eq(emailClaims.customerId, aId));
    for (const row of rows) {
      expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.codeHash).not.toContain(first.code);
    }
    expect(await confirmAddressClaim(h.t.db, aId, first, CFG, at(8, 2))).toEqual({
      ok: false,
      code: "EXPIRED",
    });
    expect(await ordersOf(bId)).toEqual(bOrderNumbers);
  });

  it("refuses the customer's own address, whatever its case", async () => {
    const r = await requestAddressClaim(
      h.t.db,
      aId,
      { email: ` ${A.toUpperCase()} `, locale: "en" },
      CFG,
      at(9),
    );
    expect(r).toEqual({ ok: false, code: "SAME_ADDRESS" });
    expect(
      await h.t.db
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.to, A), eq(mailOutbox.template, "address-claim"))),
    ).toEqual([]);
  });

  it("answers and mails the same whether or not the other address bought anything", async () => {
    const nobody = "nobody.bought@example.com";
    const withPurchases = await claim(B, at(10));
    const without = await claim(nobody, at(10));
    const [mailB] = await h.t.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.to, B))
      .orderBy(desc(mailOutbox.id))
      .limit(1);
    const [mailNobody] = await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.to, nobody));
    expect(mailNobody!.subject).toBe(mailB!.subject);
    expect(mailNobody!.text.replace(without.code, "CODE")).toBe(
      mailB!.text.replace(withPurchases.code, "CODE"),
    );
    // Entering the code then attaches nothing, and the page says so.
    expect(await confirmAddressClaim(h.t.db, aId, without, CFG, at(10, 1))).toMatchObject({
      ok: true,
      orders: 0,
      licenses: 0,
    });
    expect(await getAddressClaim(h.t.db, aId, without.claimId, at(10, 1))).toMatchObject({
      state: "used",
      attachedOrders: 0,
    });
    expect(await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.template, "address-attached"))).toEqual(
      [],
    );
  });

  it("is limited to 3 an hour per address and 5 an hour per customer", async () => {
    for (let i = 0; i < 3; i++)
      expect(
        (await requestAddressClaim(h.t.db, aId, { email: "x@example.com", locale: "en" }, CFG, at(11, i))).ok,
      ).toBe(true);
    expect(
      await requestAddressClaim(h.t.db, aId, { email: "x@example.com", locale: "en" }, CFG, at(11, 5)),
    ).toEqual({ ok: false, code: "RATE_LIMITED" });
    // The 5th request of the hour by this customer still goes (another address); the 6th does not.
    expect(
      (await requestAddressClaim(h.t.db, aId, { email: "y@example.com", locale: "en" }, CFG, at(11, 6))).ok,
    ).toBe(true);
    expect(
      await requestAddressClaim(h.t.db, aId, { email: "z@example.com", locale: "en" }, CFG, at(11, 7)),
    ).toEqual({ ok: false, code: "RATE_LIMITED" });
    expect(await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "z@example.com"))).toEqual([]);
    expect(await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "x@example.com"))).toHaveLength(3);
  });
});

describe("typing the code", () => {
  it("locks the claim at the fifth wrong code; the right code then does nothing", async () => {
    const c = await claim(B, at(12));
    for (let left = 4; left >= 1; left--) {
      expect(
        await confirmAddressClaim(h.t.db, aId, { claimId: c.claimId, code: wrongOf(c.code) }, CFG, at(12, 1)),
      ).toEqual({ ok: false, code: "WRONG_CODE", attemptsLeft: left });
    }
    // Something that cannot be a code costs no attempt.
    expect(
      await confirmAddressClaim(h.t.db, aId, { claimId: c.claimId, code: "0OIL" }, CFG, at(12, 1)),
    ).toEqual({ ok: false, code: "CODE_FORMAT" });
    expect(
      await confirmAddressClaim(h.t.db, aId, { claimId: c.claimId, code: wrongOf(c.code) }, CFG, at(12, 1)),
    ).toEqual({ ok: false, code: "LOCKED" });
    expect(await confirmAddressClaim(h.t.db, aId, c, CFG, at(12, 2))).toEqual({ ok: false, code: "LOCKED" });
    const [row] = await h.t.db.select().from(emailClaims).where(eq(emailClaims.id, c.claimId));
    expect(row).toMatchObject({ attempts: 5, usedAt: null });
    expect(await ordersOf(bId)).toEqual(bOrderNumbers);
  });

  it("refuses the right code once ten minutes have passed", async () => {
    const c = await claim(B, at(13));
    expect(await confirmAddressClaim(h.t.db, aId, c, CFG, at(13, 10))).toEqual({
      ok: false,
      code: "EXPIRED",
    });
    expect(await getAddressClaim(h.t.db, aId, c.claimId, at(13, 10))).toMatchObject({ state: "expired" });
    expect(await ordersOf(bId)).toEqual(bOrderNumbers);
  });

  it("is NOT_FOUND for another customer's claim, and costs that claim nothing", async () => {
    const c = await claim(B, at(14));
    expect(await confirmAddressClaim(h.t.db, bId, c, CFG, at(14, 1))).toEqual({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await getAddressClaim(h.t.db, bId, c.claimId, at(14, 1))).toBeNull();
    const [row] = await h.t.db.select().from(emailClaims).where(eq(emailClaims.id, c.claimId));
    expect(row).toMatchObject({ attempts: 0, usedAt: null });
  });

  it("moves everything of the other address to the signed-in customer, in one go, with history, audit and mail", async () => {
    const aOrdersBefore = await ordersOf(aId);
    const bLicenseIds = (
      await h.t.db.select({ id: licenses.id }).from(licenses).where(eq(licenses.customerId, bId))
    ).map((l) => l.id);
    const bStripeCustomers = (
      await h.t.db.select().from(stripeCustomers).where(eq(stripeCustomers.customerId, bId))
    ).map((s) => s.stripeCustomerId);
    expect(bOrderNumbers).toHaveLength(2);
    expect(bLicenseIds).toHaveLength(3);
    expect(bStripeCustomers.length).toBeGreaterThan(0);
    expect(await h.t.db.select().from(refunds).where(eq(refunds.customerId, bId))).toHaveLength(1);

    const c = await claim(B, at(15));
    // Typed as a person types it: lower case, with a space.
    const typed = `${c.code.slice(0, 3)} ${c.code.slice(3)}`.toLowerCase();
    const result = await confirmAddressClaim(
      h.t.db,
      aId,
      { claimId: c.claimId, code: typed },
      CFG,
      at(15, 9, 59),
    );
    expect(result).toEqual({ ok: true, email: B, orders: 2, licenses: 3, subscriptions: 1 });

    // B's orders are now A's, seen through the portal's own query, and gone from B.
    expect(await ordersOf(aId)).toEqual([...aOrdersBefore, ...bOrderNumbers].sort());
    expect(await listOrders(h.t.db, bId, "en")).toEqual([]);
    const moved = await h.t.db.select().from(orders).where(inArray(orders.orderNumber, bOrderNumbers));
    expect(moved.every((o) => o.customerId === aId && o.purchaseEmail === B)).toBe(true);
    expect(
      (await h.t.db.select().from(licenses).where(inArray(licenses.id, bLicenseIds))).every(
        (l) => l.customerId === aId,
      ),
    ).toBe(true);
    expect(await h.t.db.select().from(licenses).where(eq(licenses.customerId, bId))).toEqual([]);
    const [plan] = await h.t.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.stripeSubscriptionId, bSessions[1]!.subscription as string));
    expect(plan!.customerId).toBe(aId);
    expect(await h.t.db.select().from(refunds).where(eq(refunds.customerId, aId))).toHaveLength(1);
    expect(await h.t.db.select().from(swaps).where(eq(swaps.customerId, aId))).toHaveLength(1);
    const mappings = await h.t.db
      .select()
      .from(stripeCustomers)
      .where(inArray(stripeCustomers.stripeCustomerId, bStripeCustomers));
    expect(mappings.every((m) => m.customerId === aId)).toBe(true);
    // The other customer row stays, empty.
    expect(await customerId(B)).toBe(bId);

    const events = await h.t.db
      .select()
      .from(orderEvents)
      .where(
        and(
          eq(orderEvents.type, "attached"),
          inArray(
            orderEvents.orderId,
            moved.map((o) => o.id),
          ),
        ),
      );
    expect(events).toHaveLength(2);
    expect(events[0]!.data).toMatchObject({ from: B, to: A, claimId: c.claimId });
    const [audit] = await h.t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "customer.address_attached"))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(audit).toMatchObject({
      actorType: "customer",
      actorId: aId,
      subjectType: "customer",
      subjectId: aId,
    });
    expect(audit!.data).toMatchObject({
      from: B,
      to: A,
      fromCustomerId: bId,
      orders: 2,
      licenses: 3,
      subscriptions: 1,
    });

    const attachedMails = await h.t.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.template, "address-attached"));
    expect(attachedMails.map((m) => m.to)).toEqual([A]);
    for (const n of bOrderNumbers) expect(attachedMails[0]!.text).toContain(n);
    // Only ever one kind of mail to the other address: the code.
    const toB = await h.t.db
      .select({ template: mailOutbox.template })
      .from(mailOutbox)
      .where(eq(mailOutbox.to, B));
    expect(new Set(toB.map((m) => m.template))).toEqual(new Set(["delivery", "address-claim"]));

    expect(await getAddressClaim(h.t.db, aId, c.claimId, at(15, 10))).toMatchObject({
      state: "used",
      email: B,
      attachedOrders: 2,
    });

    // A second submission of the same code changes nothing.
    expect(await confirmAddressClaim(h.t.db, aId, c, CFG, at(15, 9, 59))).toEqual({
      ok: false,
      code: "USED",
    });
    expect(await h.t.db.select().from(orderEvents).where(eq(orderEvents.type, "attached"))).toHaveLength(2);
    expect(
      await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.template, "address-attached")),
    ).toHaveLength(1);
  });

  it("attaches once when the right code is submitted twice at the same moment", async () => {
    // The other address buys again later: a new order under the other customer row, which still exists.
    const session = await buy(h, { email: B, items: [{ price: backup.price.id }] });
    await h.flush();
    const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
    expect(order!.customerId).toBe(bId);
    const c = await claim(B, at(16));
    const results = await Promise.all([
      confirmAddressClaim(h.t.db, aId, c, CFG, at(16, 1)),
      confirmAddressClaim(h.t.db, aId, c, CFG, at(16, 1)),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, code: "USED" });
    expect(
      await h.t.db
        .select()
        .from(orderEvents)
        .where(and(eq(orderEvents.type, "attached"), eq(orderEvents.orderId, order!.id))),
    ).toHaveLength(1);
    expect((await ordersOf(aId)).includes(order!.orderNumber)).toBe(true);
    expect(
      await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.template, "address-attached")),
    ).toHaveLength(2);
  });

  it("sends the attached yearly plan's renewal to the signed-in customer", async () => {
    await h.control("POST", "/clock/advance", { seconds: 366 * 24 * 3600 });
    await h.flush();
    const renewals = await h.t.db.select().from(orders).where(eq(orders.kind, "renewal"));
    expect(renewals).toHaveLength(1);
    expect(renewals[0]).toMatchObject({ customerId: aId, purchaseEmail: A });
    expect(await listOrders(h.t.db, bId, "en")).toEqual([]);
  });
});
