// Tax Rates in the Stripe emulator: CRUD, taxed Checkout line items, taxed subscription invoices
// (first, renewal, proration) and the tax shown on the hosted page.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paidSession, startTestEmulator, type TestEmulator } from "./test-support";

let t: TestEmulator;
let product: Stripe.Product;
const DAY = 86_400;

beforeAll(async () => {
  t = await startTestEmulator();
  product = await t.stripe.products.create({ name: "Ink" });
});
afterAll(async () => {
  await t?.emu.close();
});

const vat = (percentage: number, inclusive = false) =>
  t.stripe.taxRates.create({ display_name: "VAT", percentage, inclusive, country: "IT", jurisdiction: "IT" });
const oneTime = (unit_amount: number) =>
  t.stripe.prices.create({ product: product.id, currency: "eur", unit_amount });
const monthly = (unit_amount: number) =>
  t.stripe.prices.create({
    product: product.id,
    currency: "eur",
    unit_amount,
    recurring: { interval: "month" },
  });
/** Stripe's rounding of a line's tax: half away from zero, per line and rate. */
const taxOf = (amount: number, pct: number) => Math.sign(amount) * Math.round((Math.abs(amount) * pct) / 100);

async function now(): Promise<number> {
  return (await t.control<{ now: number }>("GET", "/clock")).body.now;
}

describe("Stripe emulator: tax rates", () => {
  it("creates, retrieves, updates and lists tax rates", async () => {
    const rate = await t.stripe.taxRates.create({
      display_name: "IVA",
      percentage: 22,
      inclusive: false,
      country: "IT",
      jurisdiction: "IT",
      description: "Italian VAT",
      metadata: { kind: "standard" },
    });
    expect(rate).toMatchObject({
      object: "tax_rate",
      active: true,
      display_name: "IVA",
      percentage: 22,
      effective_percentage: 22,
      inclusive: false,
      country: "IT",
      jurisdiction: "IT",
      description: "Italian VAT",
      metadata: { kind: "standard" },
      rate_type: "percentage",
      livemode: false,
    });
    expect(rate.id).toMatch(/^txr_/);
    expect(await t.stripe.taxRates.retrieve(rate.id)).toEqual(rate);

    const updated = await t.stripe.taxRates.update(rate.id, {
      active: false,
      display_name: "IVA ordinaria",
      metadata: { kind: "", note: "x" },
    });
    expect(updated).toMatchObject({
      active: false,
      display_name: "IVA ordinaria",
      metadata: { note: "x" },
      percentage: 22,
    });
    const [ev] = (await t.stripe.events.list({ type: "tax_rate.updated" })).data;
    expect(ev?.data.previous_attributes).toMatchObject({ active: true, display_name: "IVA" });

    const reduced = await vat(10, true);
    const ids = (l: Stripe.ApiList<Stripe.TaxRate>) => l.data.map((r) => r.id);
    expect(ids(await t.stripe.taxRates.list({ active: false }))).toContain(rate.id);
    expect(ids(await t.stripe.taxRates.list({ active: true }))).not.toContain(rate.id);
    expect(ids(await t.stripe.taxRates.list({ inclusive: true }))).toEqual([reduced.id]);

    const missing = await t.stripe.taxRates.retrieve("txr_nope").catch((e: Stripe.errors.StripeError) => e);
    expect(missing).toMatchObject({
      statusCode: 404,
      code: "resource_missing",
      message: "No such tax rate: 'txr_nope'",
    });
    const noPct = await t.stripe.taxRates
      .create({ display_name: "X", inclusive: false } as Stripe.TaxRateCreateParams)
      .catch((e: Stripe.errors.StripeError) => e);
    expect(noPct).toMatchObject({ statusCode: 400, param: "percentage" });
    const archived = await t.stripe.checkout.sessions
      .create({
        mode: "payment",
        success_url: "https://shop.test/ok",
        line_items: [{ price: (await oneTime(100)).id, quantity: 1, tax_rates: [rate.id] }],
      })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(archived).toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      param: "line_items[0][tax_rates][0]",
    });
  });

  it("adds tax per line item at checkout and charges the total with tax", async () => {
    const rate = await vat(20);
    const [a, b] = await Promise.all([oneTime(4995), oneTime(3995)]);
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: "payment",
      success_url: "https://shop.test/ok",
      customer_email: "vat@example.com",
      invoice_creation: { enabled: true },
      line_items: [
        { price: a?.id, quantity: 2, tax_rates: [rate.id] },
        { price: b?.id, quantity: 1, tax_rates: [rate.id] },
      ],
    };
    const created = await t.stripe.checkout.sessions.create(params);
    expect(created).toMatchObject({
      amount_subtotal: 13985,
      amount_total: 16782,
      total_details: { amount_tax: 2797, amount_discount: 0 },
    });

    const items = await t.stripe.checkout.sessions.listLineItems(created.id);
    expect(items.data.map((l) => [l.amount_subtotal, l.amount_tax, l.amount_total])).toEqual([
      [9990, 1998, 11988],
      [3995, 799, 4794],
    ]);
    expect(items.data[0]?.taxes).toBeUndefined(); // like Stripe: only when expanded
    const expanded = await t.stripe.checkout.sessions.listLineItems(created.id, { expand: ["data.taxes"] });
    expect(expanded.data[0]?.taxes).toEqual([
      {
        amount: 1998,
        rate: expect.objectContaining({ id: rate.id, percentage: 20 }),
        taxability_reason: null,
        taxable_amount: 9990,
      },
    ]);
    const withBreakdown = await t.stripe.checkout.sessions.retrieve(created.id, {
      expand: ["total_details.breakdown", "line_items.data.taxes"],
    });
    expect(withBreakdown.total_details?.breakdown?.taxes).toEqual([
      expect.objectContaining({ amount: 2797, taxable_amount: 13985 }),
    ]);
    expect(withBreakdown.line_items?.data[1]?.taxes?.[0]?.amount).toBe(799);

    const res = await t.control("POST", `/checkout/sessions/${created.id}/complete`, {});
    expect(res.status).toBe(200);
    const paid = await t.stripe.checkout.sessions.retrieve(created.id, {
      expand: ["payment_intent.latest_charge", "invoice"],
    });
    const pi = paid.payment_intent as Stripe.PaymentIntent;
    const charge = pi.latest_charge as Stripe.Charge;
    expect(pi.amount).toBe(16782);
    expect(charge.amount).toBe(16782);
    const invoice = paid.invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({
      subtotal: 13985,
      total: 16782,
      amount_paid: 16782,
      total_excluding_tax: 13985,
    });
    expect(invoice.total_taxes).toEqual([
      {
        amount: 2797,
        tax_behavior: "exclusive",
        tax_rate_details: { tax_rate: rate.id },
        taxability_reason: "not_available",
        taxable_amount: 13985,
        type: "tax_rate_details",
      },
    ]);

    const refund = await t.stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.amount).toBe(16782);
    expect((await t.stripe.charges.retrieve(charge.id)).refunded).toBe(true);
  });

  it("shows the tax and the total with tax on the hosted page", async () => {
    const rate = await vat(20);
    const [a, b] = await Promise.all([oneTime(4995), oneTime(3995)]);
    const s = await t.stripe.checkout.sessions.create({
      mode: "payment",
      success_url: "https://shop.test/ok",
      line_items: [
        { price: a.id, quantity: 2, tax_rates: [rate.id] },
        { price: b.id, quantity: 1, tax_rates: [rate.id] },
      ],
    });
    const html = await (await fetch(String(s.url), { headers: { "Accept-Language": "en" } })).text();
    expect(html).toMatch(/Subtotal<\/th><td class="num" id="subtotal">€139\.85</);
    expect(html).toMatch(/VAT 20%<\/th><td class="num" id="tax-0">€27\.97</);
    expect(html).toMatch(/id="total">€167\.82</);
    expect(html).toContain("Pay €167.82");
  });

  it("taxes a subscription's first, renewal and proration invoices at the item's rate", async () => {
    const rate = await vat(22);
    const price = await monthly(1999);
    const session = await paidSession(t, {
      mode: "subscription",
      success_url: "https://shop.test/ok",
      customer_email: "iva@example.com",
      line_items: [{ price: price.id, quantity: 1, tax_rates: [rate.id] }],
    });
    expect(session).toMatchObject({
      amount_subtotal: 1999,
      amount_total: 2439,
      total_details: { amount_tax: 440 },
    });
    const sub = await t.stripe.subscriptions.retrieve(String(session.subscription), {
      expand: ["latest_invoice.payments"],
    });
    const item = sub.items.data[0];
    expect(item?.tax_rates?.map((r) => r.id)).toEqual([rate.id]);
    const first = sub.latest_invoice as Stripe.Invoice;
    expect(first).toMatchObject({
      subtotal: 1999,
      total: 2439,
      amount_due: 2439,
      amount_paid: 2439,
      total_excluding_tax: 1999,
    });
    expect(first.total_taxes).toEqual([
      {
        amount: 440,
        tax_behavior: "exclusive",
        tax_rate_details: { tax_rate: rate.id },
        taxability_reason: "not_available",
        taxable_amount: 1999,
        type: "tax_rate_details",
      },
    ]);
    expect(first.lines.data[0]).toMatchObject({
      amount: 1999,
      subtotal: 1999,
      taxes: [expect.objectContaining({ amount: 440, taxable_amount: 1999 })],
    });
    const pi = await t.stripe.paymentIntents.retrieve(
      String(first.payments?.data[0]?.payment.payment_intent),
    );
    expect(pi.amount).toBe(2439);

    await t.control("POST", "/clock/advance", {
      seconds: (item?.current_period_end ?? 0) - (await now()) + 60,
    });
    const renewal = await t.stripe.invoices.retrieve(
      String((await t.stripe.subscriptions.retrieve(sub.id)).latest_invoice),
    );
    expect(renewal).toMatchObject({ billing_reason: "subscription_cycle", total: 2439, amount_paid: 2439 });
    expect(renewal.total_taxes?.[0]).toMatchObject({ amount: 440, tax_rate_details: { tax_rate: rate.id } });

    // A price change keeps the rate; prorations are taxed at it.
    await t.control("POST", "/clock/advance", { seconds: 9 * DAY });
    const at = await now();
    const pricier = await monthly(2999);
    const current = await t.stripe.subscriptions.retrieve(sub.id);
    const {
      current_period_start: start = 0,
      current_period_end: end = 0,
      id: itemId,
    } = current.items.data[0] ?? {};
    const changed = await t.stripe.subscriptions.update(sub.id, {
      items: [{ id: itemId, price: pricier.id }],
      proration_behavior: "always_invoice",
      proration_date: at,
    });
    expect(changed.items.data[0]?.tax_rates?.map((r) => r.id)).toEqual([rate.id]);
    const credit = -Math.round((1999 * (end - at)) / (end - start));
    const charge = Math.round((2999 * (end - at)) / (end - start));
    const proration = await t.stripe.invoices.retrieve(String(changed.latest_invoice));
    expect(proration.lines.data.map((l) => [l.amount, l.taxes?.[0]?.amount])).toEqual([
      [credit, taxOf(credit, 22)],
      [charge, taxOf(charge, 22)],
    ]);
    expect(proration).toMatchObject({
      subtotal: credit + charge,
      total: credit + charge + taxOf(credit, 22) + taxOf(charge, 22),
    });

    // Replacing the rates: no proration, the next renewal uses the new rate.
    const reduced = await vat(10);
    const replaced = await t.stripe.subscriptions.update(sub.id, {
      items: [{ id: itemId, tax_rates: [reduced.id] }],
    });
    expect(replaced.items.data[0]?.tax_rates?.map((r) => r.id)).toEqual([reduced.id]);
    expect(replaced.latest_invoice).toBe(changed.latest_invoice);
    await t.control("POST", "/clock/advance", { seconds: end - (await now()) + 60 });
    const next = await t.stripe.invoices.retrieve(
      String((await t.stripe.subscriptions.retrieve(sub.id)).latest_invoice),
    );
    expect(next).toMatchObject({
      billing_reason: "subscription_cycle",
      subtotal: 2999,
      total: 3299,
      amount_paid: 3299,
    });
  });

  it("applies subscription_data[default_tax_rates] and inclusive rates", async () => {
    const included = await vat(20, true);
    const price = await monthly(1200);
    const session = await paidSession(t, {
      mode: "subscription",
      success_url: "https://shop.test/ok",
      customer_email: "incl@example.com",
      line_items: [{ price: price.id, quantity: 1 }],
      subscription_data: { default_tax_rates: [included.id] },
    });
    expect(session).toMatchObject({
      amount_subtotal: 1200,
      amount_total: 1200,
      total_details: { amount_tax: 200 },
    });
    const sub = await t.stripe.subscriptions.retrieve(String(session.subscription), {
      expand: ["latest_invoice"],
    });
    expect(sub.default_tax_rates?.map((r) => r.id)).toEqual([included.id]);
    expect(sub.items.data[0]?.tax_rates).toEqual([]);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({
      subtotal: 1200,
      subtotal_excluding_tax: 1000,
      total: 1200,
      total_excluding_tax: 1000,
      amount_paid: 1200,
    });
    expect(invoice.total_taxes?.[0]).toMatchObject({
      amount: 200,
      tax_behavior: "inclusive",
      taxable_amount: 1000,
    });
  });
});

describe("Stripe emulator: customer tax IDs", () => {
  it("creates an eu_vat tax ID pending verification, refuses a malformed one, verifies by control, lists and deletes", async () => {
    const customer = await t.stripe.customers.create({ email: "vat@example.com" });
    const taxId = await t.stripe.customers.createTaxId(customer.id, {
      type: "eu_vat",
      value: "IT00743110157",
    });
    expect(taxId).toMatchObject({
      object: "tax_id",
      type: "eu_vat",
      value: "IT00743110157",
      country: "IT",
      customer: customer.id,
      verification: { status: "pending", verified_name: null, verified_address: null },
    });
    expect(taxId.id).toMatch(/^txi_/);
    const greek = await t.stripe.customers.createTaxId(customer.id, { type: "eu_vat", value: "EL094259216" });
    expect(greek.country).toBe("GR");

    const bad = await t.stripe.customers
      .createTaxId(customer.id, { type: "eu_vat", value: "12345" })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(bad).toMatchObject({ type: "StripeInvalidRequestError", code: "tax_id_invalid", param: "value" });

    const verified = await t.control("POST", `/tax_ids/${taxId.id}/verification`, {
      status: "verified",
      verified_name: "ACME SRL",
    });
    expect(verified.body).toMatchObject({ verification: { status: "verified", verified_name: "ACME SRL" } });
    expect(await t.stripe.customers.retrieveTaxId(customer.id, taxId.id)).toMatchObject({
      verification: { status: "verified" },
    });
    const counts = await t.control<{ eventsByType: Record<string, number> }>("GET", "/state/counts");
    expect(counts.body.eventsByType).toMatchObject({
      "customer.tax_id.created": 2,
      "customer.tax_id.updated": 1,
    });
    expect((await t.control("POST", `/tax_ids/${taxId.id}/verification`, { status: "maybe" })).status).toBe(
      400,
    );

    const list = await t.stripe.customers.listTaxIds(customer.id);
    expect(list.data.map((x) => x.id).sort()).toEqual([taxId.id, greek.id].sort());
    expect(await t.stripe.customers.deleteTaxId(customer.id, greek.id)).toMatchObject({ deleted: true });
    expect((await t.stripe.customers.listTaxIds(customer.id)).data.map((x) => x.id)).toEqual([taxId.id]);
    const other = await t.stripe.customers.create({ email: "other@example.com" });
    await expect(t.stripe.customers.retrieveTaxId(other.id, taxId.id)).rejects.toMatchObject({
      code: "resource_missing",
    });
  });
});
