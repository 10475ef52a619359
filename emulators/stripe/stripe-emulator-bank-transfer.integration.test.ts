import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCatalog, startTestEmulator, type TestEmulator } from "./test-support";

let t: TestEmulator;
let catalog: Awaited<ReturnType<typeof seedCatalog>>;

beforeAll(async () => {
  t = await startTestEmulator();
  catalog = await seedCatalog(t.stripe);
});
afterAll(async () => {
  await t?.emu.close();
});

const TRANSFER = {
  customer_balance: {
    funding_type: "bank_transfer",
    bank_transfer: { type: "eu_bank_transfer", eu_bank_transfer: { country: "FR" } },
  },
} satisfies Stripe.Checkout.SessionCreateParams.PaymentMethodOptions;

function session(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return t.stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: catalog.oneTime.id, quantity: 1 }],
    customer_email: `transfer-${Math.random().toString(36).slice(2, 8)}@example.com`,
    locale: "it",
    success_url: "http://localhost:3000/thanks?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://localhost:3000/cart",
    payment_method_options: TRANSFER,
    ...extra,
  });
}

async function payByTransfer(s: Stripe.Checkout.Session) {
  const res = await fetch(s.url!, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: s.customer_email!, method: "customer_balance" }),
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  const done = await t.stripe.checkout.sessions.retrieve(s.id, { expand: ["payment_intent"] });
  return { done, pi: done.payment_intent as Stripe.PaymentIntent };
}

async function eventTypes(id: string): Promise<string[]> {
  const { data } = await t.stripe.events.list({ limit: 100 });
  return data
    .filter((e) => (e.data.object as { id: string }).id === id)
    .map((e) => e.type)
    .sort();
}

/** ISO 13616: the rearranged IBAN, letters as numbers, is 1 modulo 97. */
function ibanIsValid(iban: string): boolean {
  const digits = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

describe("Stripe emulator: EU bank transfers on the hosted Checkout page", () => {
  it("offers a bank transfer only when the session sets its options; the card stays the default", async () => {
    const s = await session();
    expect(s.payment_method_types).toEqual(["card", "sepa_debit", "customer_balance"]);
    expect(s.payment_method_options?.customer_balance).toMatchObject({
      funding_type: "bank_transfer",
      bank_transfer: { type: "eu_bank_transfer", eu_bank_transfer: { country: "FR" } },
    });
    const html = await (await fetch(s.url!)).text();
    expect(html).toContain("Bonifico bancario");
    expect(html).toMatch(/id="method-card"[^>]*checked/);
    const plain = await session({ payment_method_options: {} });
    expect(plain.payment_method_types).toEqual(["card", "sepa_debit"]);
    expect(await (await fetch(plain.url!)).text()).not.toContain('id="method-transfer"');
  });

  it("refuses customer_balance without its options, and an EU transfer for another currency", async () => {
    const legacy = {
      mode: "payment",
      line_items: [{ price: catalog.oneTime.id, quantity: 1 }],
      success_url: "http://localhost:3000/thanks",
      payment_method_types: ["card", "customer_balance"],
    } as Stripe.Checkout.SessionCreateParams;
    await expect(t.stripe.checkout.sessions.create(legacy)).rejects.toMatchObject({
      statusCode: 400,
      param: "payment_method_options[customer_balance][funding_type]",
    });
    const usd = await t.stripe.prices.create({
      product: catalog.product.id,
      currency: "usd",
      unit_amount: 4900,
    });
    await expect(
      session({ line_items: [{ price: usd.id, quantity: 1 }], customer_email: "usd@example.com" }),
    ).rejects.toMatchObject({ statusCode: 400, param: "payment_method_options[customer_balance]" });
  });

  it("completes unpaid with the instructions; a short transfer stays owed; the rest pays it", async () => {
    const s = await session();
    const { done, pi } = await payByTransfer(s);
    expect(done).toMatchObject({ status: "complete", payment_status: "unpaid" });
    expect(done.customer).toMatch(/^cus_/); // a cash balance needs a customer
    expect(pi.status).toBe("requires_action");
    expect(pi.latest_charge).toBeNull();
    const instructions = pi.next_action!.display_bank_transfer_instructions!;
    expect(instructions).toMatchObject({
      type: "eu_bank_transfer",
      amount_remaining: done.amount_total,
      currency: "eur",
    });
    const address = instructions.financial_addresses![0]!;
    expect(address.type).toBe("iban");
    expect(address.iban!.iban).toMatch(/^FR\d{2}/);
    expect(ibanIsValid(address.iban!.iban)).toBe(true);
    expect(instructions.reference).toMatch(/^[A-Z0-9]{12}$/);
    expect(await eventTypes(s.id)).toEqual(["checkout.session.completed"]);

    const customer = String(done.customer);
    await t.stripe.testHelpers.customers.fundCashBalance(customer, { amount: 1000, currency: "eur" });
    let now = await t.stripe.paymentIntents.retrieve(pi.id);
    expect(now.status).toBe("requires_action");
    expect(now.next_action!.display_bank_transfer_instructions!.amount_remaining).toBe(
      done.amount_total! - 1000,
    );
    await t.stripe.testHelpers.customers.fundCashBalance(customer, {
      amount: done.amount_total! - 1000,
      currency: "eur",
      reference: instructions.reference!,
    });
    now = await t.stripe.paymentIntents.retrieve(pi.id, { expand: ["latest_charge"] });
    expect(now.status).toBe("succeeded");
    expect((now.latest_charge as Stripe.Charge).payment_method_details?.type).toBe("customer_balance");
    expect((await t.stripe.checkout.sessions.retrieve(s.id)).payment_status).toBe("paid");
    expect(await eventTypes(s.id)).toEqual([
      "checkout.session.async_payment_succeeded",
      "checkout.session.completed",
    ]);
  });

  it("a payment cancelled before its transfer arrives fails the Checkout", async () => {
    const s = await session();
    const { pi } = await payByTransfer(s);
    const canceled = await t.stripe.paymentIntents.cancel(pi.id, { cancellation_reason: "abandoned" });
    expect(canceled).toMatchObject({
      status: "canceled",
      cancellation_reason: "abandoned",
      next_action: null,
    });
    expect(await eventTypes(s.id)).toEqual([
      "checkout.session.async_payment_failed",
      "checkout.session.completed",
    ]);
    expect((await t.stripe.checkout.sessions.retrieve(s.id)).payment_status).toBe("unpaid");
    await expect(t.stripe.paymentIntents.cancel(pi.id)).rejects.toMatchObject({
      statusCode: 400,
      code: "payment_intent_unexpected_state",
    });
  });
});
