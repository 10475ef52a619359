// Failed renewals in the Stripe emulator: a card that declines later, past_due, retries on the
// clock by the account's schedule, a card updated through setup-mode Checkout, the final outcome.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paidSession, seedCatalog, startTestEmulator, type TestEmulator } from "./test-support";

let t: TestEmulator;
let catalog: Awaited<ReturnType<typeof seedCatalog>>;
const DAY = 86_400;

beforeAll(async () => {
  t = await startTestEmulator();
  catalog = await seedCatalog(t.stripe);
});
afterAll(async () => {
  await t?.emu.close();
});

async function failingPlan(email: string): Promise<Stripe.Subscription> {
  const s = await paidSession(t, {
    mode: "subscription",
    line_items: [{ price: catalog.yearly.id, quantity: 1 }],
    customer_email: email,
  });
  const id = String(s.subscription);
  const r = await t.control("POST", `/subscriptions/${id}/payment-method`, { card: "4000000000000341" });
  expect(r.status).toBe(200);
  return t.stripe.subscriptions.retrieve(id);
}

async function advanceTo(at: number): Promise<void> {
  await t.control("POST", "/clock/set", { now: at });
}

async function renewalInvoice(sub: Stripe.Subscription): Promise<Stripe.Invoice> {
  const list = await t.stripe.invoices.list({ subscription: sub.id, expand: ["data.payments"] });
  const inv = list.data.find((i) => i.billing_reason === "subscription_cycle");
  if (!inv) throw new Error("no renewal invoice");
  return inv;
}

describe("Stripe emulator: failed renewals", () => {
  it("Checkout declines the card that declines later; past_due, retries, a card updated in setup mode pays", async () => {
    const declined = await t.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: catalog.yearly.id, quantity: 1 }],
      customer_email: "late@example.com",
      success_url: "https://example.com/ok",
    });
    const r = await t.control<{ error: { decline_code: string } }>(
      "POST",
      `/checkout/sessions/${declined.id}/complete`,
      { card: "4000000000000341" },
    );
    expect(r.status).toBe(402);

    const sub = await failingPlan("dunning@example.com");
    const end = sub.items.data[0]!.current_period_end;
    await advanceTo(end + 60);
    let inv = await renewalInvoice(sub);
    expect(inv).toMatchObject({ status: "open", attempt_count: 1, attempted: true, amount_paid: 0 });
    expect(inv.next_payment_attempt).toBe(end + 3 * DAY);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe("past_due");
    const pi = await t.stripe.paymentIntents.retrieve(String(inv.payments?.data[0]?.payment.payment_intent));
    expect(pi.status).toBe("requires_payment_method");
    expect(pi.last_payment_error?.code).toBe("card_declined");
    const failedEvents = await t.stripe.events.list({ type: "invoice.payment_failed" });
    expect(failedEvents.data.map((e) => (e.data.object as Stripe.Invoice).id)).toContain(inv.id);

    await advanceTo(end + 3 * DAY + 60);
    inv = await renewalInvoice(sub);
    expect(inv).toMatchObject({ status: "open", attempt_count: 2 });
    expect(inv.next_payment_attempt).toBe(end + 8 * DAY);

    // The customer saves a new card through setup-mode Checkout; the integration sets it on the plan.
    const setup = await t.stripe.checkout.sessions.create({
      mode: "setup",
      currency: "eur",
      customer: String(sub.customer),
      setup_intent_data: { metadata: { subscription_id: sub.id } },
      success_url: "https://example.com/card-updated",
    });
    expect(setup).toMatchObject({ mode: "setup", payment_status: "no_payment_required", amount_total: null });
    const page = await fetch(setup.url!);
    expect(await page.text()).toContain("Save card");
    const done = await t.control<Stripe.Checkout.Session>("POST", `/checkout/sessions/${setup.id}/complete`, {
      card: "4242424242424242",
    });
    expect(done.body).toMatchObject({ status: "complete", payment_status: "no_payment_required" });
    const si = await t.stripe.setupIntents.retrieve(String(done.body.setup_intent));
    expect(si).toMatchObject({ status: "succeeded", customer: sub.customer, usage: "off_session" });
    expect(si.metadata).toEqual({ subscription_id: sub.id });
    await t.stripe.subscriptions.update(sub.id, { default_payment_method: String(si.payment_method) });

    await advanceTo(end + 8 * DAY + 60);
    inv = await renewalInvoice(sub);
    expect(inv).toMatchObject({ status: "paid", attempt_count: 3, next_payment_attempt: null });
    expect(inv.amount_paid).toBe(inv.amount_due);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe("active");
    const paidPi = await t.stripe.paymentIntents.retrieve(String(pi.id), { expand: ["latest_charge"] });
    expect(paidPi.status).toBe("succeeded");
    expect((paidPi.latest_charge as Stripe.Charge).payment_method_details?.card?.last4).toBe("4242");
  });

  it("after the last retry the plan is canceled (payment_failed), or left unpaid by the settings", async () => {
    const sub = await failingPlan("never@example.com");
    const end = sub.items.data[0]!.current_period_end;
    await advanceTo(end + 15 * DAY + 60);
    const inv = await renewalInvoice(sub);
    expect(inv).toMatchObject({ status: "open", attempt_count: 4, next_payment_attempt: null });
    const ended = await t.stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe("canceled");
    expect(ended.cancellation_details?.reason).toBe("payment_failed");

    await t.control("POST", "/billing/settings", { afterFinalFailure: "unpaid", retryDays: [1] });
    const sub2 = await failingPlan("unpaid@example.com");
    const end2 = sub2.items.data[0]!.current_period_end;
    await advanceTo(end2 + 2 * DAY);
    expect((await t.stripe.subscriptions.retrieve(sub2.id)).status).toBe("unpaid");
    expect(await renewalInvoice(sub2)).toMatchObject({ status: "open", attempt_count: 2 });
  });
});
