import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitingPayments, customers, licenses, mailOutbox, orderItems, orders } from "@/db/schema";
import { createCatalogItem, startPortalHarness, type TPortalHarness } from "@/tests/portal-harness";
import { listAwaitingPayments } from "./awaiting-payment";

const DAY = 24 * 3600;
let h: TPortalHarness;
let backup: { price: Stripe.Price };

beforeAll(async () => {
  h = await startPortalHarness();
  backup = await createCatalogItem(h.stripe, { slug: "backup-pro", name: "Backup Pro", amount: 4995 });
});
afterAll(async () => {
  await h?.close();
});

/** A Checkout Session paid on the emulator's page by SEPA Direct Debit with a Stripe test IBAN. */
async function payBySepa(email: string, iban: string, locale = "fr"): Promise<Stripe.Checkout.Session> {
  const session = await h.stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price: backup.price.id, quantity: 1 }],
    success_url: "http://portal.test/thanks?session={CHECKOUT_SESSION_ID}",
    cancel_url: "http://portal.test/cancelled",
    metadata: { locale },
  });
  await h.control("POST", `/checkout/sessions/${session.id}/complete`, { iban });
  await h.flush();
  return session;
}

async function stateOf(email: string) {
  const [customer] = await h.t.db.select().from(customers).where(eq(customers.email, email));
  const own = customer ? eq(orders.customerId, customer.id) : eq(orders.purchaseEmail, email);
  return {
    customer,
    orders: await h.t.db.select().from(orders).where(own),
    keys: customer ? await h.t.db.select().from(licenses).where(eq(licenses.customerId, customer.id)) : [],
    mails: (await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.to, email)))
      .map((m) => m.template)
      .sort(),
    awaiting: customer ? await listAwaitingPayments(h.t.db, customer.id) : [],
  };
}

async function eventsOf(sessionId: string, type: string): Promise<Stripe.Event[]> {
  const { data } = await h.stripe.events.list({ type, limit: 100 });
  return data.filter((e) => (e.data.object as { id: string }).id === sessionId);
}

describe("SEPA Direct Debit: delivered only when paid", () => {
  it("awaits the payment, then delivers once after 3 emulated days, paid at settlement", async () => {
    const email = "sepa-ok@example.com";
    const session = await payBySepa(email, "FR1420041010050500013M02606");
    let s = await stateOf(email);
    expect(s.orders).toHaveLength(0);
    expect(s.keys).toHaveLength(0);
    expect(s.mails).toEqual(["payment-awaited"]);
    expect(s.awaiting).toMatchObject([
      {
        status: "awaiting",
        total: 4995,
        currency: "eur",
        paymentMethod: { type: "sepa_debit", last4: "2606" },
      },
    ]);
    const [mail] = await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
    expect(mail!.subject).toContain("attend votre paiement");

    await h.control("POST", "/clock/advance", { seconds: 2 * DAY });
    await h.flush();
    expect((await stateOf(email)).orders).toHaveLength(0);

    await h.control("POST", "/clock/advance", { seconds: DAY + 60 });
    await h.flush();
    s = await stateOf(email);
    expect(s.orders).toHaveLength(1);
    expect(s.orders[0]).toMatchObject({ status: "paid", total: 4995, stripeCheckoutSessionId: session.id });
    expect(s.keys).toHaveLength(1);
    expect(s.keys[0]!.status).toBe("active");
    expect(s.mails).toEqual(["delivery", "payment-awaited"]);
    expect(s.awaiting).toMatchObject(
      [{ status: "paid", orderId: undefined }].map(({ status }) => ({ status })),
    );
    const [row] = await h.t.db
      .select()
      .from(awaitingPayments)
      .where(eq(awaitingPayments.stripeCheckoutSessionId, session.id));
    expect(row!.orderId).toBe(s.orders[0]!.id);
    // Paid when the money arrived: the refund window counts from then, not from the checkout.
    const [item] = await h.t.db.select().from(orderItems).where(eq(orderItems.orderId, s.orders[0]!.id));
    expect(item!.purchasedAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(3 * DAY * 1000 - 60_000);

    // Duplicates and the late `completed` (its snapshot is unpaid) change nothing.
    for (const type of ["checkout.session.async_payment_succeeded", "checkout.session.completed"]) {
      for (const e of await eventsOf(session.id, type)) await h.control("POST", `/events/${e.id}/resend`);
    }
    await h.flush();
    s = await stateOf(email);
    expect(s.orders).toHaveLength(1);
    expect(s.keys).toHaveLength(1);
    expect(s.mails).toEqual(["delivery", "payment-awaited"]);
    expect(h.unprocessed()).toEqual([]);
  });

  it("a refused debit cancels the order: no order, no key, one mail saying so", async () => {
    const email = "sepa-ko@example.com";
    const session = await payBySepa(email, "DE62370400440532013001", "en");
    await h.control("POST", "/clock/advance", { seconds: 3 * DAY + 60 });
    await h.flush();
    for (const e of await eventsOf(session.id, "checkout.session.async_payment_failed"))
      await h.control("POST", `/events/${e.id}/resend`);
    await h.flush();
    const s = await stateOf(email);
    expect(s.orders).toHaveLength(0);
    expect(s.keys).toHaveLength(0);
    expect(s.mails).toEqual(["payment-awaited", "payment-failed"]);
    expect(s.awaiting).toMatchObject([{ status: "failed" }]);
    const pi = await h.stripe.paymentIntents.retrieve(
      (await h.stripe.checkout.sessions.retrieve(session.id)).payment_intent as string,
    );
    expect(pi.status).toBe("requires_payment_method");
    const failed = await h.t.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.to, email), eq(mailOutbox.template, "payment-failed")));
    expect(failed[0]!.text).toContain("Nothing was charged");
  });

  it("the emulator refuses an IBAN that is not one of Stripe's test IBANs", async () => {
    const session = await h.stripe.checkout.sessions.create({
      mode: "payment",
      customer_email: "sepa-bad@example.com",
      line_items: [{ price: backup.price.id, quantity: 1 }],
      success_url: "http://portal.test/thanks",
      cancel_url: "http://portal.test/cancelled",
    });
    await expect(
      h.control("POST", `/checkout/sessions/${session.id}/complete`, { iban: "DE00123456781234567890" }),
    ).rejects.toThrow(/invalid_bank_account_iban/);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });
});

/** A Checkout Session paid on the emulator's page by an EU bank transfer: complete, unpaid, with instructions. */
async function payByTransfer(email: string, locale: string): Promise<Stripe.Checkout.Session> {
  const session = await h.stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price: backup.price.id, quantity: 1 }],
    success_url: "http://portal.test/thanks?session={CHECKOUT_SESSION_ID}",
    cancel_url: "http://portal.test/cancelled",
    metadata: { locale },
    payment_method_options: {
      customer_balance: {
        funding_type: "bank_transfer",
        bank_transfer: { type: "eu_bank_transfer", eu_bank_transfer: { country: "FR" } },
      },
    },
  });
  const res = await fetch(session.url!, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, method: "customer_balance" }),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  await h.flush();
  return h.stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
}

describe("Bank transfer: delivered only when the money arrives", () => {
  it("shows where to send the money, then delivers once when the transfer arrives, paid then", async () => {
    const email = "transfer-ok@example.com";
    const session = await payByTransfer(email, "it");
    const pi = session.payment_intent as Stripe.PaymentIntent;
    const instructions = pi.next_action!.display_bank_transfer_instructions!;
    const iban = instructions.financial_addresses![0]!.iban!;
    let s = await stateOf(email);
    expect(s.orders).toHaveLength(0);
    expect(s.keys).toHaveLength(0);
    expect(s.mails).toEqual(["payment-awaited"]);
    expect(s.awaiting).toMatchObject([
      {
        status: "awaiting",
        total: 4995,
        paymentMethod: {
          type: "customer_balance",
          iban: iban.iban,
          bic: iban.bic,
          reference: instructions.reference,
        },
      },
    ]);
    const [mail] = await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
    expect(mail!.text).toContain("bonifico bancario");
    expect(mail!.text).toContain(iban.iban);
    expect(mail!.text).toContain(instructions.reference!);

    // Two days later the customer's bank transfers the money, with the reference.
    await h.control("POST", "/clock/advance", { seconds: 2 * DAY });
    await h.flush();
    expect((await stateOf(email)).orders).toHaveLength(0);
    await h.stripe.testHelpers.customers.fundCashBalance(String(session.customer), {
      amount: 4995,
      currency: "eur",
      reference: instructions.reference!,
    });
    await h.flush();
    s = await stateOf(email);
    expect(s.orders).toHaveLength(1);
    expect(s.orders[0]).toMatchObject({ status: "paid", total: 4995, stripeCheckoutSessionId: session.id });
    expect(s.keys).toHaveLength(1);
    expect(s.mails).toEqual(["delivery", "payment-awaited"]);
    const [row] = await h.t.db
      .select()
      .from(awaitingPayments)
      .where(eq(awaitingPayments.stripeCheckoutSessionId, session.id));
    expect(row).toMatchObject({ status: "paid", orderId: s.orders[0]!.id });
    // The refund window counts from the transfer's arrival, not from the checkout.
    const [item] = await h.t.db.select().from(orderItems).where(eq(orderItems.orderId, s.orders[0]!.id));
    expect(item!.purchasedAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(2 * DAY * 1000 - 60_000);

    for (const type of ["checkout.session.async_payment_succeeded", "checkout.session.completed"]) {
      for (const e of await eventsOf(session.id, type)) await h.control("POST", `/events/${e.id}/resend`);
    }
    await h.flush();
    s = await stateOf(email);
    expect(s.orders).toHaveLength(1);
    expect(s.keys).toHaveLength(1);
    expect(s.mails).toEqual(["delivery", "payment-awaited"]);
  });

  it("a transfer cancelled before the money came cancels the order: no key, one mail saying so", async () => {
    const email = "transfer-ko@example.com";
    const session = await payByTransfer(email, "fr");
    await h.stripe.paymentIntents.cancel((session.payment_intent as Stripe.PaymentIntent).id, {
      cancellation_reason: "abandoned",
    });
    await h.flush();
    for (const e of await eventsOf(session.id, "checkout.session.async_payment_failed"))
      await h.control("POST", `/events/${e.id}/resend`);
    await h.flush();
    const s = await stateOf(email);
    expect(s.orders).toHaveLength(0);
    expect(s.keys).toHaveLength(0);
    expect(s.mails).toEqual(["payment-awaited", "payment-failed"]);
    expect(s.awaiting).toMatchObject([{ status: "failed", paymentMethod: { type: "customer_balance" } }]);
    const [failed] = await h.t.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.to, email), eq(mailOutbox.template, "payment-failed")));
    expect(failed!.text).toContain("Le virement de votre commande");
    expect(failed!.text).toContain("Rien n’a été débité");
    expect(h.unprocessed()).toEqual([]);
  });
});
