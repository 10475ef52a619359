import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoices, mailOutbox, orders, payments } from "@/db/schema";
import { MAIL_SETTINGS } from "@/tests/portal-harness";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";
import { recordPurchase, type TPurchase } from "./record-purchase";

let t: TTestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

const purchase = (n: string, paymentIntentId: string): TPurchase => ({
  email: `record-${n}@example.com`,
  name: null,
  country: "FR",
  locale: "fr",
  stripeCustomerId: null,
  checkoutSessionId: `cs_record_${n}`,
  paymentIntentId,
  chargeId: null,
  invoiceId: null,
  currency: "eur",
  subtotal: 4995,
  tax: 999,
  total: 5994,
  paidAt: new Date(),
  paymentMethod: null,
  items: [
    {
      stripeLineItemId: `li_record_${n}`,
      product: {
        id: "prod_record",
        name: "Lumen Backup Pro",
        active: true,
        metadata: { slug: "record-backup", kind: "one_time" },
      },
      price: { id: "price_record", currency: "eur", unitAmount: 4995, interval: null, active: true },
      quantity: 1,
      subtotal: 4995,
      tax: 999,
      total: 5994,
    },
  ],
  subscription: null,
});

const deliveryOf = async (orderId: string) => {
  const [mail] = await t.db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.dedupeKey, `delivery:${orderId}`));
  return mail!;
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

describe("a purchase's delivery mail and its invoice", () => {
  // The mail is queued before the invoice's number is drawn, naming it by a placeholder; the
  // invoice's statement puts the number in (under the sequence's lock, nothing else waits).
  it("names the invoice's number, drawn after the mail was queued, and attaches it", async () => {
    const { orderId } = await t.db.transaction((tx) =>
      recordPurchase(tx, purchase("a", "pi_record_a"), MAIL_SETTINGS),
    );
    const [invoice] = await t.db.select().from(invoices).where(eq(invoices.orderId, orderId));
    const mail = await deliveryOf(orderId);
    expect(mail.text).toContain(`Votre facture ${invoice!.number} est jointe à ce message (PDF).`);
    expect(mail.html).toContain(invoice!.number);
    expect(mail.attachments).toEqual([{ documentId: invoice!.id }]);
    expect(new Set(mail.text.match(UUID))).toEqual(new Set([invoice!.id]));
    expect(new Set(mail.html?.match(UUID))).toEqual(new Set([invoice!.id]));
  });

  // The payment already in the ledger (here made so by hand: its Stripe payment intent is on another
  // order's payment): no invoice is issued, and the mail, queued naming one, is written again without.
  it("without a new invoice, is written again without one", async () => {
    const first = await t.db.transaction((tx) =>
      recordPurchase(tx, purchase("b", "pi_record_b"), MAIL_SETTINGS),
    );
    await t.db
      .update(payments)
      .set({ stripePaymentIntentId: "pi_record_shared" })
      .where(eq(payments.orderId, first.orderId));
    const { orderId } = await t.db.transaction((tx) =>
      recordPurchase(tx, purchase("c", "pi_record_shared"), MAIL_SETTINGS),
    );
    expect(await t.db.select().from(invoices).where(eq(invoices.orderId, orderId))).toEqual([]);
    const mail = await deliveryOf(orderId);
    const [order] = await t.db.select().from(orders).where(eq(orders.id, orderId));
    expect(mail.text).toContain(order!.orderNumber);
    expect(mail.text).not.toMatch(/facture/i);
    expect(mail.text.match(UUID)).toBeNull();
    expect(mail.html?.match(UUID) ?? null).toBeNull();
    expect(mail.attachments).toEqual([]);
  });

  // The checkout handlers no longer look the session up first: a session's second paid event
  // (completed, then async_payment_succeeded, or the other way round) stops at the order's insert.
  it("a session recorded a second time is the same order, with one payment, one invoice, one mail", async () => {
    const first = await t.db.transaction((tx) =>
      recordPurchase(tx, purchase("d", "pi_record_d"), MAIL_SETTINGS),
    );
    const again = await t.db.transaction((tx) =>
      recordPurchase(tx, purchase("d", "pi_record_d"), MAIL_SETTINGS),
    );
    expect(again).toEqual(first);
    const bySession = await t.db
      .select()
      .from(orders)
      .where(eq(orders.stripeCheckoutSessionId, "cs_record_d"));
    expect(bySession).toHaveLength(1);
    expect(await t.db.select().from(payments).where(eq(payments.orderId, first.orderId))).toHaveLength(1);
    expect(await t.db.select().from(invoices).where(eq(invoices.orderId, first.orderId))).toHaveLength(1);
    const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "record-d@example.com"));
    expect(mails.map((m) => m.template)).toEqual(["delivery"]);
  });
});
