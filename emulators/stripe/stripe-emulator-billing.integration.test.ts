// Subscriptions in the Stripe emulator: checkout, cancel at period end, resume, prorated price changes,
// and what advancing the clock causes (renewals, ends).
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addIntervals } from "./billing-period";
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

async function subscribe(price: Stripe.Price, email: string): Promise<Stripe.Subscription> {
  const s = await paidSession(t, {
    mode: "subscription",
    line_items: [{ price: price.id, quantity: 1 }],
    customer_email: email,
    subscription_data: { metadata: { plan: price.id } },
  });
  return t.stripe.subscriptions.retrieve(String(s.subscription));
}

async function now(): Promise<number> {
  return (await t.control<{ now: number }>("GET", "/clock")).body.now;
}

async function eventsFor(type: string, id: string): Promise<Stripe.Event[]> {
  const all = await t.stripe.events.list({ type, limit: 100 });
  return all.data.filter((e) => (e.data.object as { id: string }).id === id);
}

describe("Stripe emulator: subscriptions", () => {
  it("creates an active yearly subscription with a paid first invoice", async () => {
    const sub = await subscribe(catalog.yearly, "year@example.com");
    const item = sub.items.data[0];
    expect(sub.status).toBe("active");
    expect(sub.metadata).toEqual({ plan: catalog.yearly.id });
    expect(sub.cancel_at_period_end).toBe(false);
    expect(item?.price.id).toBe(catalog.yearly.id);
    expect(item?.current_period_end).toBe(addIntervals(item?.current_period_start ?? 0, "year", 1));
    const full = await t.stripe.subscriptions.retrieve(sub.id, {
      expand: ["latest_invoice.payments", "default_payment_method"],
    });
    const invoice = full.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({
      status: "paid",
      billing_reason: "subscription_create",
      amount_paid: 12000,
      amount_due: 12000,
      currency: "eur",
    });
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(invoice.lines.data[0]?.period).toEqual({
      start: item?.current_period_start,
      end: item?.current_period_end,
    });
    const piId = invoice.payments?.data[0]?.payment.payment_intent;
    const pi = await t.stripe.paymentIntents.retrieve(String(piId), { expand: ["latest_charge"] });
    expect(pi).toMatchObject({ status: "succeeded", amount: 12000, customer: sub.customer });
    expect((full.default_payment_method as Stripe.PaymentMethod).card?.last4).toBe("4242");
    expect((await t.stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);
  });

  it("schedules a cancellation with details, then resumes", async () => {
    const sub = await subscribe(catalog.yearly, "cancel@example.com");
    const end = sub.items.data[0]?.current_period_end;
    const bad = await t.stripe.subscriptions
      .update(sub.id, {
        cancel_at_period_end: true,
        cancellation_details: { feedback: "too_cheap" as "too_expensive" },
      })
      .catch((e: Stripe.errors.StripeError) => e);
    expect((bad as Stripe.errors.StripeError).param).toBe("cancellation_details[feedback]");
    expect((await t.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(false);

    const canceled = await t.stripe.subscriptions.update(sub.id, {
      cancel_at_period_end: true,
      cancellation_details: { comment: "Budget cuts", feedback: "too_expensive" },
    });
    expect(canceled).toMatchObject({ status: "active", cancel_at_period_end: true, cancel_at: end });
    expect(canceled.cancellation_details).toMatchObject({
      comment: "Budget cuts",
      feedback: "too_expensive",
    });
    const [updated] = await eventsFor("customer.subscription.updated", sub.id);
    expect(updated?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null });

    const resumed = await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(resumed).toMatchObject({
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      status: "active",
    });
  });

  it("prorates a price change to the second and invoices it at once with always_invoice", async () => {
    const sub = await subscribe(catalog.monthly, "swap@example.com");
    const pricier = await t.stripe.prices.create({
      product: catalog.product.id,
      currency: "eur",
      unit_amount: 3000,
      recurring: { interval: "month" },
    });
    await t.control("POST", "/clock/advance", { seconds: 10 * DAY + 123 });
    const at = await now();
    const item = sub.items.data[0];
    const start = item?.current_period_start ?? 0;
    const end = item?.current_period_end ?? 0;
    const updated = await t.stripe.subscriptions.update(sub.id, {
      items: [{ id: item?.id, price: pricier.id }],
      proration_behavior: "always_invoice",
      proration_date: at,
    });
    expect(updated.items.data[0]?.price.id).toBe(pricier.id);
    expect(updated.items.data[0]?.current_period_end).toBe(end);
    const credit = -Math.round((1500 * (end - at)) / (end - start));
    const charge = Math.round((3000 * (end - at)) / (end - start));
    const invoice = await t.stripe.invoices.retrieve(String(updated.latest_invoice));
    expect(invoice.billing_reason).toBe("subscription_update");
    expect(invoice.lines.data.map((l) => l.amount)).toEqual([credit, charge]);
    expect(invoice.lines.data.every((l) => l.parent?.subscription_item_details?.proration)).toBe(true);
    expect(invoice).toMatchObject({ status: "paid", total: credit + charge, amount_paid: credit + charge });
    const [ev] = await eventsFor("customer.subscription.updated", sub.id);
    const prevItems = (ev?.data.previous_attributes as { items?: Stripe.ApiList<Stripe.SubscriptionItem> })
      .items;
    expect(prevItems?.data[0]?.price.id).toBe(catalog.monthly.id);
  });

  it("previews a change (create_preview) as the invoice the same proration_date then books; a credit goes to the balance", async () => {
    const sub = await subscribe(catalog.monthly, "preview@example.com");
    const cheaper = await t.stripe.prices.create({
      product: catalog.product.id,
      currency: "eur",
      unit_amount: 500,
      recurring: { interval: "month" },
    });
    await t.control("POST", "/clock/advance", { seconds: 3 * DAY + 17 });
    const at = await now();
    const item = sub.items.data[0]!;
    const details = {
      items: [{ id: item.id, price: cheaper.id }],
      proration_behavior: "always_invoice" as const,
      proration_date: at,
    };
    const preview = await t.stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: details,
    });
    const credit = -Math.round(
      (1500 * (item.current_period_end - at)) / (item.current_period_end - item.current_period_start),
    );
    const charge = Math.round(
      (500 * (item.current_period_end - at)) / (item.current_period_end - item.current_period_start),
    );
    expect(preview.id).toMatch(/^upcoming_in_/);
    expect(preview).toMatchObject({ status: "draft", total: credit + charge, amount_due: 0 });
    expect(preview.lines.data.map((l) => l.amount)).toEqual([credit, charge]);
    expect(preview.lines.data.every((l) => l.parent?.subscription_item_details?.proration)).toBe(true);
    // Nothing changed: same price, no invoice, no event, no balance.
    expect((await t.stripe.subscriptions.retrieve(sub.id)).items.data[0]?.price.id).toBe(catalog.monthly.id);
    await expect(t.stripe.invoices.retrieve(preview.id!)).rejects.toMatchObject({ code: "resource_missing" });
    expect((await t.stripe.customers.retrieve(String(sub.customer))) as Stripe.Customer).toMatchObject({
      balance: 0,
    });

    await t.control("POST", "/clock/advance", { seconds: 600 });
    const updated = await t.stripe.subscriptions.update(sub.id, details);
    const invoice = await t.stripe.invoices.retrieve(String(updated.latest_invoice));
    expect(invoice).toMatchObject({
      status: "paid",
      total: preview.total,
      amount_paid: 0,
      ending_balance: credit + charge,
    });
    expect((await t.stripe.customers.retrieve(String(sub.customer))) as Stripe.Customer).toMatchObject({
      balance: credit + charge,
    });

    const bad = await t.stripe.invoices
      .createPreview({ subscription: "sub_missing" })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(bad).toMatchObject({ code: "resource_missing", param: "subscription" });
  });

  it("keeps create_prorations as pending items for the next renewal invoice", async () => {
    const sub = await subscribe(catalog.monthly, "pending@example.com");
    const cheaper = await t.stripe.prices.create({
      product: catalog.product.id,
      currency: "eur",
      unit_amount: 900,
      recurring: { interval: "month" },
    });
    const item = sub.items.data[0];
    const updated = await t.stripe.subscriptions.update(sub.id, {
      items: [{ id: item?.id, price: cheaper.id }],
      proration_behavior: "create_prorations",
    });
    expect(updated.latest_invoice).toBe(sub.latest_invoice);
    const remaining = (item?.current_period_end ?? 0) - (await now());
    expect(remaining).toBeGreaterThan(0);
    await t.control("POST", "/clock/advance", {
      seconds: (item?.current_period_end ?? 0) - (await now()) + 1,
    });
    const renewal = await t.stripe.invoices.retrieve(
      String((await t.stripe.subscriptions.retrieve(sub.id)).latest_invoice),
    );
    expect(renewal.billing_reason).toBe("subscription_cycle");
    const prorations = renewal.lines.data.filter((l) => l.parent?.invoice_item_details?.proration);
    expect(prorations).toHaveLength(2);
    const full = renewal.lines.data.find((l) => !l.parent?.invoice_item_details);
    expect(full?.amount).toBe(900);
    expect(renewal.total).toBe(renewal.lines.data.reduce((s, l) => s + l.amount, 0));
  });

  it("renews when the clock passes the period end, once per period", async () => {
    const sub = await subscribe(catalog.yearly, "renew@example.com");
    const firstEnd = sub.items.data[0]?.current_period_end ?? 0;
    await t.control("POST", "/clock/advance", { seconds: firstEnd - (await now()) + 60 });
    const renewed = await t.stripe.subscriptions.retrieve(sub.id);
    expect(renewed.status).toBe("active");
    expect(renewed.items.data[0]?.current_period_start).toBe(firstEnd);
    expect(renewed.items.data[0]?.current_period_end).toBe(addIntervals(firstEnd, "year", 1));
    const invoices = await t.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i) => i.billing_reason)).toEqual(["subscription_cycle", "subscription_create"]);
    const renewal = invoices.data[0];
    expect(renewal).toMatchObject({ status: "paid", amount_paid: 12000, created: firstEnd });
    expect(renewal?.lines.data[0]?.period).toEqual({
      start: firstEnd,
      end: addIntervals(firstEnd, "year", 1),
    });
    expect((await eventsFor("invoice.paid", renewal?.id ?? "")).length).toBe(1);
    expect((await eventsFor("invoice.payment_succeeded", renewal?.id ?? "")).length).toBe(1);
    const [upd] = await eventsFor("customer.subscription.updated", sub.id);
    expect(upd?.created).toBe(firstEnd);

    await t.control("POST", "/clock/advance", { seconds: 2 * 366 * DAY });
    const later = await t.stripe.invoices.list({ subscription: sub.id });
    expect(later.data.map((i) => i.billing_reason)).toEqual([
      "subscription_cycle",
      "subscription_cycle",
      "subscription_cycle",
      "subscription_create",
    ]);
  });

  it("ends a plan set to cancel at its period end, without charging again", async () => {
    const sub = await subscribe(catalog.yearly, "ends@example.com");
    const end = sub.items.data[0]?.current_period_end ?? 0;
    await t.stripe.subscriptions.update(sub.id, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: "unused" },
    });
    await t.control("POST", "/clock/advance", { seconds: end - (await now()) + 3600 });
    const ended = await t.stripe.subscriptions.retrieve(sub.id);
    expect(ended).toMatchObject({ status: "canceled", ended_at: end, cancel_at_period_end: false });
    expect(ended.cancellation_details).toMatchObject({
      feedback: "unused",
      reason: "cancellation_requested",
    });
    expect(await eventsFor("customer.subscription.deleted", sub.id)).toHaveLength(1);
    expect((await t.stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(1);
    expect((await t.stripe.subscriptions.list({ customer: String(sub.customer) })).data).toHaveLength(0);
    expect(
      (await t.stripe.subscriptions.list({ customer: String(sub.customer), status: "canceled" })).data,
    ).toHaveLength(1);
  });

  it("cancels at once with DELETE", async () => {
    const sub = await subscribe(catalog.monthly, "now@example.com");
    const canceled = await t.stripe.subscriptions.cancel(sub.id, {
      cancellation_details: { comment: "Switching" },
    });
    expect(canceled.status).toBe("canceled");
    expect(canceled.ended_at).toBe(canceled.canceled_at);
    expect(canceled.cancellation_details?.comment).toBe("Switching");
    expect(await eventsFor("customer.subscription.deleted", sub.id)).toHaveLength(1);
    const again = await t.stripe.subscriptions.cancel(sub.id).catch((e: Stripe.errors.StripeError) => e);
    expect((again as Stripe.errors.StripeError).statusCode).toBe(400);
  });
});
