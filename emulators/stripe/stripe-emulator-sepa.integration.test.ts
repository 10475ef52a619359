// SEPA Direct Debit on the emulator's hosted Checkout page, through the official SDK: offered for a
// payment in euros, Stripe's test IBANs settle or fail 3 emulated days later with the async events.
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCatalog, startTestEmulator, type TestEmulator } from "./test-support";

const DAY = 24 * 3600;
let t: TestEmulator;
let catalog: Awaited<ReturnType<typeof seedCatalog>>;

beforeAll(async () => {
  t = await startTestEmulator();
  catalog = await seedCatalog(t.stripe);
});
afterAll(async () => {
  await t?.emu.close();
});

function session(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return t.stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: catalog.oneTime.id, quantity: 1 }],
    customer_email: "sepa-page@example.com",
    locale: "fr",
    success_url: "http://localhost:3000/thanks?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://localhost:3000/cart",
    ...extra,
  });
}

function post(url: string, form: Record<string, string>) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
    redirect: "manual",
  });
}

async function eventTypes(sessionId: string): Promise<string[]> {
  const { data } = await t.stripe.events.list({ limit: 100 });
  return data
    .filter((e) => (e.data.object as { id: string }).id === sessionId)
    .map((e) => e.type)
    .sort();
}

describe("Stripe emulator: SEPA Direct Debit on the hosted Checkout page", () => {
  it("offers SEPA beside the card for a payment in euros, not when the session allows card only", async () => {
    const both = await session();
    expect(both.payment_method_types).toEqual(["card", "sepa_debit"]);
    expect(both.allowed_payment_method_types).toBeNull();
    const html = await (await fetch(both.url!)).text();
    expect(html).toContain("Prélèvement SEPA");
    expect(html).toMatch(/<label for="iban">IBAN<\/label>/);
    expect(html).toContain("DE89 3704 0044 0532 0130 00");
    const cardOnly = await session({ allowed_payment_method_types: ["card"] });
    expect(cardOnly).toMatchObject({
      payment_method_types: ["card"],
      allowed_payment_method_types: ["card"],
    });
    const plain = await (await fetch(cardOnly.url!)).text();
    expect(plain).not.toContain('id="iban"');
    expect(plain).not.toContain("Prélèvement SEPA");
    const listed = await session({ allowed_payment_method_types: ["sepa_debit", "customer_balance"] });
    expect(listed.payment_method_types).toEqual(["sepa_debit"]);
    expect(await (await fetch(listed.url!)).text()).toContain('id="iban"');
  });

  it("offers no SEPA for another currency, and refuses it in the legacy explicit list", async () => {
    const usd = await t.stripe.prices.create({
      product: catalog.product.id,
      currency: "usd",
      unit_amount: 4900,
    });
    const params = {
      mode: "payment",
      line_items: [{ price: usd.id, quantity: 1 }],
      success_url: "http://localhost:3000/thanks",
    } satisfies Stripe.Checkout.SessionCreateParams;
    const dynamic = await t.stripe.checkout.sessions.create(params);
    expect(dynamic.payment_method_types).toEqual(["card"]);
    expect(await (await fetch(dynamic.url!)).text()).not.toContain('id="iban"');
    // `payment_method_types` predates the SDK's pinned version (which has no type for it).
    const legacy = {
      ...params,
      payment_method_types: ["card", "sepa_debit"],
    } as Stripe.Checkout.SessionCreateParams;
    const err = await t.stripe.checkout.sessions.create(legacy).then(
      () => null,
      (e: Stripe.errors.StripeError) => e,
    );
    expect(err).toMatchObject({ statusCode: 400, param: "payment_method_types" });
    expect(err!.message).toContain("`sepa_debit` only supports the following currencies: `eur`");
  });

  it("keeps a wrong IBAN beside its field; a test IBAN completes unpaid and is paid 3 days later", async () => {
    const s = await session();
    const wrong = await post(s.url!, {
      email: "sepa-page@example.com",
      method: "sepa_debit",
      iban: "DE00 1234",
      account_holder: "Ada Lovelace",
    });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toMatch(/role="alert"[^>]*>.*The IBAN you provided is invalid\./s);
    expect(wrongHtml).toMatch(/id="iban"[^>]*value="DE00 1234"[^>]*aria-invalid="true"/);
    expect(wrongHtml).toMatch(/id="method-sepa"[^>]*checked/);
    expect((await t.stripe.checkout.sessions.retrieve(s.id)).status).toBe("open");

    const ok = await post(s.url!, {
      email: "sepa-page@example.com",
      method: "sepa_debit",
      iban: "DE89 3704 0044 0532 0130 00",
      account_holder: "Ada Lovelace",
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`http://localhost:3000/thanks?session_id=${s.id}`);
    const done = await t.stripe.checkout.sessions.retrieve(s.id, {
      expand: ["payment_intent.payment_method"],
    });
    expect(done).toMatchObject({ status: "complete", payment_status: "unpaid" });
    expect(done.customer_details?.name).toBe("Ada Lovelace");
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe("processing");
    expect(pi.payment_method).toMatchObject({
      type: "sepa_debit",
      sepa_debit: { last4: "3000", country: "DE" },
    });

    await t.control("POST", "/clock/advance", { seconds: 3 * DAY - 60 });
    expect((await t.stripe.paymentIntents.retrieve(pi.id)).status).toBe("processing");
    await t.control("POST", "/clock/advance", { seconds: 120 });
    expect((await t.stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
    expect((await t.stripe.checkout.sessions.retrieve(s.id)).payment_status).toBe("paid");
    expect(await eventTypes(s.id)).toEqual([
      "checkout.session.async_payment_succeeded",
      "checkout.session.completed",
    ]);
  });

  it("DE62 3704 0044 0532 0130 01 fails at settlement with async_payment_failed", async () => {
    const s = await session();
    const res = await post(s.url!, {
      email: "sepa-page@example.com",
      method: "sepa_debit",
      iban: "DE62370400440532013001",
    });
    expect(res.status).toBe(303);
    await t.control("POST", "/clock/advance", { seconds: 3 * DAY + 60 });
    const done = await t.stripe.checkout.sessions.retrieve(s.id, { expand: ["payment_intent"] });
    expect(done.payment_status).toBe("unpaid");
    expect((done.payment_intent as Stripe.PaymentIntent).status).toBe("requires_payment_method");
    expect(await eventTypes(s.id)).toEqual([
      "checkout.session.async_payment_failed",
      "checkout.session.completed",
    ]);
  });

  it("the card stays the default choice and still pays at once", async () => {
    const s = await session();
    const res = await post(s.url!, {
      email: "sepa-page@example.com",
      method: "card",
      card_number: "4242 4242 4242 4242",
      card_expiry: "12 / 34",
      iban: "DE89370400440532013000",
    });
    expect(res.status).toBe(303);
    expect((await t.stripe.checkout.sessions.retrieve(s.id)).payment_status).toBe("paid");
    const html = await (await fetch((await session()).url!)).text();
    expect(html).toMatch(/id="method-card"[^>]*checked/);
  });
});
