// The Stripe emulator through the official SDK: auth, catalog, checkout, refunds, idempotency, faults.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paidSession, seedCatalog, startTestEmulator, type TestEmulator } from "./test-support";

let t: TestEmulator;
let catalog: Awaited<ReturnType<typeof seedCatalog>>;

beforeAll(async () => {
  t = await startTestEmulator();
  catalog = await seedCatalog(t.stripe);
});
afterAll(async () => {
  await t?.emu.close();
});

async function rejection(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await p;
  } catch (err) {
    return err as Stripe.errors.StripeError;
  }
  throw new Error("expected the call to fail");
}

describe("Stripe emulator: API surface", () => {
  it("answers a missing or non-test key with Stripe's 401", async () => {
    const live = new Stripe("sk_live_abcdefghijkl1234", {
      host: "127.0.0.1",
      port: t.emu.port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    const err = await rejection(live.customers.list());
    expect(err.type).toBe("StripeAuthenticationError");
    expect(err.statusCode).toBe(401);
    expect(err.message).toMatch(/^Invalid API Key provided: sk_live_\*+1234$/);
    const res = await fetch(`${t.emu.url}/v1/customers`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/did not provide an API key/);
  });

  it("creates, updates and pages through the catalog newest first", async () => {
    const created: string[] = [];
    for (let i = 0; i < 12; i++)
      created.push((await t.stripe.products.create({ name: `Addon ${i}`, metadata: { i: String(i) } })).id);
    const first = await t.stripe.products.list({ limit: 5, ids: created });
    expect(first.object).toBe("list");
    expect(first.url).toBe("/v1/products");
    expect(first.has_more).toBe(true);
    expect(first.data.map((p) => p.id)).toEqual(created.slice(-5).reverse());
    const seen: string[] = [];
    for await (const p of t.stripe.products.list({ limit: 5, ids: created })) seen.push(p.id);
    expect(seen).toEqual([...created].reverse());
    const before = await t.stripe.products.list({ limit: 3, ids: created, ending_before: created[5] });
    expect(before.data.map((p) => p.id)).toEqual([created[8], created[7], created[6]]);
    expect(before.has_more).toBe(true);

    const updated = await t.stripe.products.update(created[0] ?? "", {
      name: "Renamed",
      active: false,
      metadata: { i: "", extra: "x" },
    });
    expect(updated.name).toBe("Renamed");
    expect(updated.metadata).toEqual({ extra: "x" });
    const inactive = await t.stripe.products.list({ active: false });
    expect(inactive.data.map((p) => p.id)).toEqual([created[0]]);

    const prices = await t.stripe.prices.list({
      product: catalog.product.id,
      type: "recurring",
      expand: ["data.product"],
    });
    expect(prices.data.map((p) => p.id).sort()).toEqual([catalog.yearly.id, catalog.monthly.id].sort());
    expect((prices.data[0]?.product as Stripe.Product).name).toBe("Editor Pro");
    const keyed = await t.stripe.prices.create({
      product: catalog.product.id,
      currency: "eur",
      unit_amount: 100,
      lookup_key: "addon",
    });
    expect((await t.stripe.prices.list({ lookup_keys: ["addon"] })).data.map((p) => p.id)).toEqual([
      keyed.id,
    ]);
    expect(keyed.unit_amount).toBe(100);
    expect(keyed.recurring).toBeNull();

    const missing = await rejection(t.stripe.products.retrieve("prod_nope"));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe("resource_missing");
    expect(missing.message).toBe("No such product: 'prod_nope'");
  });

  it("validates parameters with Stripe's errors", async () => {
    const err = await rejection(
      t.stripe.checkout.sessions.create({ mode: "payment", success_url: "http://localhost/ok" }),
    );
    expect(err.type).toBe("StripeInvalidRequestError");
    expect(err.code).toBe("parameter_missing");
    expect(err.param).toBe("line_items");
    const wrongMode = await rejection(
      t.stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ price: catalog.yearly.id, quantity: 1 }],
      }),
    );
    expect(wrongMode.message).toMatch(/recurring price/);
  });

  it("completes a payment-mode session through the control endpoint", async () => {
    const session = await paidSession(t, {
      mode: "payment",
      line_items: [{ price: catalog.oneTime.id, quantity: 2 }],
      customer_email: "buyer@example.com",
      customer_creation: "always",
      client_reference_id: "cart_1",
      metadata: { order: "o-1" },
      payment_intent_data: { metadata: { order: "o-1" } },
      success_url: "http://localhost:3000/thanks?session_id={CHECKOUT_SESSION_ID}",
    });
    expect(session.status).toBe("complete");
    expect(session.payment_status).toBe("paid");
    expect(session.amount_total).toBe(9800);
    expect(session.customer_details?.email).toBe("buyer@example.com");
    const full = await t.stripe.checkout.sessions.retrieve(session.id, {
      expand: ["payment_intent.latest_charge", "customer", "line_items"],
    });
    const pi = full.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe("succeeded");
    expect(pi.amount).toBe(9800);
    expect(pi.metadata).toEqual({ order: "o-1" });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      paid: true,
      captured: true,
      amount: 9800,
      amount_refunded: 0,
      refunded: false,
      payment_intent: pi.id,
    });
    expect(charge.payment_method_details?.card?.last4).toBe("4242");
    expect((full.customer as Stripe.Customer).email).toBe("buyer@example.com");
    expect(full.line_items?.data[0]).toMatchObject({
      quantity: 2,
      amount_total: 9800,
      description: "Editor Pro",
    });
    const items = await t.stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data).toHaveLength(1);
    const types = (await t.stripe.events.list({ limit: 10 })).data.map((e) => e.type).reverse();
    expect(types.slice(-5)).toEqual([
      "customer.created",
      "payment_intent.created",
      "payment_intent.succeeded",
      "charge.succeeded",
      "checkout.session.completed",
    ]);
  });

  it("serves an accessible hosted page that takes a card and redirects", async () => {
    const session = await t.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: catalog.oneTime.id, quantity: 1 }],
      customer_email: "page@example.com",
      locale: "fr",
      success_url: "http://localhost:3000/thanks?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://localhost:3000/cart",
    });
    expect(session.url).toBe(`${t.emu.url}/c/pay/${session.id}`);
    const page = await fetch(session.url ?? "");
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/<label for="email">/);
    expect(html).toMatch(/<label for="card_number">/);
    expect(html).toContain('value="page@example.com"');
    expect(html).toMatch(/49,00\s€/);

    const declined = await fetch(session.url ?? "", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        email: "page@example.com",
        card_number: "4000 0000 0000 0002",
        card_expiry: "12 / 34",
        card_cvc: "123",
      }),
      redirect: "manual",
    });
    expect(declined.status).toBe(402);
    const declinedHtml = await declined.text();
    expect(declinedHtml).toMatch(/role="alert"[^>]*>.*Your card was declined\./s);
    expect(declinedHtml).toContain('aria-invalid="true"');
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");

    const paid = await fetch(session.url ?? "", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        email: "page@example.com",
        card_number: "4242 4242 4242 4242",
        card_expiry: "12 / 34",
        card_cvc: "123",
        name: "Ada",
      }),
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://localhost:3000/thanks?session_id=${session.id}`);
    const done = await t.stripe.checkout.sessions.retrieve(session.id);
    expect(done).toMatchObject({ status: "complete", payment_status: "paid", url: null });
    expect(done.customer_details?.name).toBe("Ada");
    const again = await fetch(`${t.emu.url}/c/pay/${session.id}`);
    expect(again.status).toBe(410);
  });

  it("declines insufficient funds through the control and keeps the session open", async () => {
    const session = await t.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: catalog.oneTime.id, quantity: 1 }],
      customer_email: "poor@example.com",
    });
    const res = await t.control<{ error: { type: string; code: string; decline_code: string } }>(
      "POST",
      `/checkout/sessions/${session.id}/complete`,
      {
        card: "4000000000009995",
      },
    );
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({
      type: "card_error",
      code: "card_declined",
      decline_code: "insufficient_funds",
    });
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  it("shows the product's name in the session's language (name_<lang> metadata), French typography", async () => {
    const product = await t.stripe.products.create({
      name: "Lumen Backup Yearly Plan",
      metadata: {
        name_fr: "Lumen Backup (abonnement annuel)",
        name_it: "Lumen Backup (abbonamento annuale)",
      },
    });
    const price = await t.stripe.prices.create({ product: product.id, unit_amount: 2995, currency: "eur" });
    for (const [locale, name] of [
      ["fr", "Lumen Backup (abonnement annuel)"],
      ["it", "Lumen Backup (abbonamento annuale)"],
      ["en", "Lumen Backup Yearly Plan"],
    ] as const) {
      const session = await t.stripe.checkout.sessions.create({
        mode: "payment",
        locale,
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: "http://localhost/ok",
      });
      const html = await (await fetch(`${t.emu.url}/c/pay/${session.id}`)).text();
      expect(html, locale).toContain(`<td>${name}</td>`);
      if (locale === "fr") {
        expect(html).toContain("Mode test\u00a0: émulateur");
        expect(html).not.toMatch(/\w [:;!?]/);
      }
    }
  });

  it("shows the account's branding (business name, colours) on the hosted page, as set in its settings", async () => {
    const session = await t.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: catalog.oneTime.id, quantity: 1 }],
      success_url: "http://localhost/ok",
    });
    const plain = await (await fetch(`${t.emu.url}/c/pay/${session.id}`)).text();
    expect(plain).not.toContain('class="brand"');

    const bad = await t.control("POST", "/account/branding", { primary_color: "blue" });
    expect(bad.status).toBe(400);
    const set = await t.control("POST", "/account/branding", {
      name: "Lumen Softworks",
      primary_color: "#0B57A4",
      secondary_color: "#f5d90a",
    });
    expect(set.body).toEqual({ name: "Lumen Softworks", primaryColor: "#0b57a4", secondaryColor: "#f5d90a" });
    const html = await (await fetch(`${t.emu.url}/c/pay/${session.id}`)).text();
    expect(html).toContain(
      '<header class="brand"><span class="mark" aria-hidden="true">L</span>Lumen Softworks</header>',
    );
    // Each colour with the text colour that reads on it: white on the dark blue, ink on the yellow.
    expect(html).toContain("header.brand{background:#0b57a4;color:#ffffff}");
    expect(html).toContain("button{background:#f5d90a;color:#1a1f36}");
    await t.control("POST", "/account/branding", { name: null, primary_color: null, secondary_color: null });
    expect(await (await fetch(`${t.emu.url}/c/pay/${session.id}`)).text()).not.toContain('class="brand"');
  });

  it("expires open sessions when the clock passes expires_at", async () => {
    const now = (await t.control<{ now: number }>("GET", "/clock")).body.now;
    const session = await t.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: catalog.oneTime.id, quantity: 1 }],
      // A minute over Stripe's 30-minute minimum: the clock's second may tick before the create.
      expires_at: now + 1860,
    });
    await t.control("POST", "/clock/advance", { seconds: 1861 });
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe("expired");
    const events = await t.stripe.events.list({ type: "checkout.session.expired" });
    expect(events.data.some((e) => (e.data.object as Stripe.Checkout.Session).id === session.id)).toBe(true);
    const page = await fetch(`${t.emu.url}/c/pay/${session.id}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("expired");
  });
});

describe("Stripe emulator: refunds, idempotency and faults", () => {
  async function payment(amountQty = 1): Promise<Stripe.PaymentIntent> {
    const s = await paidSession(t, {
      mode: "payment",
      line_items: [{ price: catalog.oneTime.id, quantity: amountQty }],
      customer_email: "r@example.com",
    });
    return t.stripe.paymentIntents.retrieve(String(s.payment_intent));
  }

  it("refunds partially, then the rest, then refuses more", async () => {
    const pi = await payment();
    const partial = await t.stripe.refunds.create({
      payment_intent: pi.id,
      amount: 1000,
      reason: "requested_by_customer",
      metadata: { ticket: "t1" },
    });
    expect(partial).toMatchObject({
      amount: 1000,
      status: "succeeded",
      payment_intent: pi.id,
      reason: "requested_by_customer",
      metadata: { ticket: "t1" },
    });
    let charge = await t.stripe.charges.retrieve(String(pi.latest_charge));
    expect(charge.amount_refunded).toBe(1000);
    expect(charge.refunded).toBe(false);

    const tooLarge = await rejection(t.stripe.refunds.create({ payment_intent: pi.id, amount: 4000 }));
    expect(tooLarge.type).toBe("StripeInvalidRequestError");
    expect(tooLarge.rawType).toBe("invalid_request_error");
    expect(tooLarge.code).toBe("amount_too_large");
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.param).toBe("amount");
    expect(tooLarge.message).toBe(
      "Refund amount (€40.00) is greater than unrefunded amount on charge (€39.00)",
    );

    const rest = await t.stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(3900);
    charge = await t.stripe.charges.retrieve(charge.id, { expand: ["refunds"] });
    expect(charge.amount_refunded).toBe(4900);
    expect(charge.refunded).toBe(true);
    expect(charge.refunds?.data.map((r) => r.id).sort()).toEqual([partial.id, rest.id].sort());

    const again = await rejection(t.stripe.refunds.create({ payment_intent: pi.id }));
    expect(again.code).toBe("charge_already_refunded");
    expect(again.statusCode).toBe(400);
    expect(again.message).toBe(`Charge ${charge.id} has already been refunded.`);
    expect((await t.stripe.refunds.list({ payment_intent: pi.id })).data).toHaveLength(2);
    const refundedEvents = (await t.stripe.events.list({ type: "charge.refunded", limit: 100 })).data.filter(
      (e) => (e.data.object as Stripe.Charge).id === charge.id,
    );
    expect(refundedEvents).toHaveLength(2);
  });

  it("replays an idempotent request and rejects the same key with other parameters", async () => {
    const pi = await payment();
    const key = `refund-${pi.id}`;
    const a = await t.stripe.refunds.create({ payment_intent: pi.id, amount: 500 }, { idempotencyKey: key });
    const b = await t.stripe.refunds.create({ payment_intent: pi.id, amount: 500 }, { idempotencyKey: key });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await t.stripe.refunds.list({ payment_intent: pi.id })).data).toHaveLength(1);
    const mismatch = await rejection(
      t.stripe.refunds.create({ payment_intent: pi.id, amount: 600 }, { idempotencyKey: key }),
    );
    expect(mismatch.type).toBe("StripeIdempotencyError");
    expect(mismatch.rawType).toBe("idempotency_error");
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.message).toMatch(
      /^Keys for idempotent requests can only be used with the same parameters they were first used with/,
    );

    // A business error is saved too: replaying it answers the same error without acting.
    const errKey = `too-large-${pi.id}`;
    const e1 = await rejection(
      t.stripe.refunds.create({ payment_intent: pi.id, amount: 999_999 }, { idempotencyKey: errKey }),
    );
    const e2 = await rejection(
      t.stripe.refunds.create({ payment_intent: pi.id, amount: 999_999 }, { idempotencyKey: errKey }),
    );
    expect(e2.code).toBe(e1.code);
    expect(e2.headers?.["idempotent-replayed"]).toBe("true");
  });

  it('fault "after" does the work but answers 500; the retry with the same key replays it', async () => {
    const pi = await payment();
    await t.control("POST", "/faults", { count: 1, mode: "after", pathPrefix: "/v1/refunds" });
    const key = `after-${pi.id}`;
    const failed = await rejection(
      t.stripe.refunds.create({ payment_intent: pi.id }, { idempotencyKey: key }),
    );
    expect(failed.type).toBe("StripeAPIError");
    expect(failed.statusCode).toBe(500);
    const retried = await t.stripe.refunds.create({ payment_intent: pi.id }, { idempotencyKey: key });
    expect(retried.amount).toBe(4900);
    expect((await t.stripe.refunds.list({ payment_intent: pi.id })).data).toHaveLength(1);
    const counts = await t.control<{ refundsByPaymentIntent: Record<string, { count: number }> }>(
      "GET",
      "/state/counts",
    );
    expect(counts.body.refundsByPaymentIntent[pi.id]?.count).toBe(1);
    const log = (
      await t.control<{
        data: { path: string; idempotencyKey: string | null; status: number; replayed: boolean }[];
      }>("GET", "/log")
    ).body.data;
    const mine = log.filter((l) => l.idempotencyKey === key);
    expect(mine.map((l) => [l.status, l.replayed])).toEqual([
      [500, false],
      [200, true],
    ]);
  });

  it('fault "500" fails without acting and "hang" never answers', async () => {
    const pi = await payment();
    await t.control("POST", "/faults", { count: 1, mode: "500", pathPrefix: "/v1/refunds" });
    const failed = await rejection(
      t.stripe.refunds.create({ payment_intent: pi.id }, { idempotencyKey: `500-${pi.id}` }),
    );
    expect(failed.statusCode).toBe(500);
    expect((await t.stripe.refunds.list({ payment_intent: pi.id })).data).toHaveLength(0);
    const ok = await t.stripe.refunds.create({ payment_intent: pi.id }, { idempotencyKey: `500-${pi.id}` });
    expect(ok.status).toBe("succeeded");

    await t.control("POST", "/faults", { count: 2, mode: "hang", pathPrefix: "/v1/customers" });
    const impatient = new Stripe("sk_test_123", {
      host: "127.0.0.1",
      port: t.emu.port,
      protocol: "http",
      maxNetworkRetries: 0,
      timeout: 300,
    });
    const hung = await rejection(impatient.customers.create({ email: "hang@example.com" }));
    expect(hung.type).toBe("StripeConnectionError");
    await t.control("DELETE", "/faults");
    expect((await t.stripe.customers.list({ email: "hang@example.com" })).data).toHaveLength(0);
  });
});

describe("Stripe emulator: as strict as Stripe", () => {
  it("errors carry request_log_url naming the request's id", async () => {
    const err = await rejection(t.stripe.customers.retrieve("cus_missing"));
    const raw = err.raw as { request_log_url?: string };
    expect(err.requestId).toMatch(/^req_/);
    expect(raw.request_log_url).toMatch(
      new RegExp(`^https://dashboard\\.stripe\\.com/test/logs/${err.requestId}\\?t=\\d+$`),
    );
  });

  it("refuses an idempotency key over 255 characters and saves nothing under it", async () => {
    const long = "k".repeat(256);
    const err = await rejection(
      t.stripe.customers.create({ email: "long@example.com" }, { idempotencyKey: long }),
    );
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe("StripeInvalidRequestError");
    expect(err.message).toBe("Keys for idempotent requests can only be 255 characters long.");
    expect((await t.stripe.customers.list({ email: "long@example.com" })).data).toHaveLength(0);
    const ok = await t.stripe.customers.create(
      { email: "long@example.com" },
      { idempotencyKey: "k".repeat(255) },
    );
    expect(ok.email).toBe("long@example.com");
  });

  it("saves a 500 of an endpoint that began executing and replays it under the same key", async () => {
    await t.control("POST", "/faults", { mode: "error", count: 1, pathPrefix: "/v1/customers" });
    const key = "replayed-500";
    const first = await rejection(
      t.stripe.customers.create({ email: "five@example.com" }, { idempotencyKey: key }),
    );
    expect(first.statusCode).toBe(500);
    expect(first.type).toBe("StripeAPIError");
    // No fault left: the retry under the same key gets the saved 500, not a new customer.
    const again = await rejection(
      t.stripe.customers.create({ email: "five@example.com" }, { idempotencyKey: key }),
    );
    expect(again.statusCode).toBe(500);
    expect(again.headers?.["idempotent-replayed"]).toBe("true");
    expect((await t.stripe.customers.list({ email: "five@example.com" })).data).toHaveLength(0);
    const fresh = await t.stripe.customers.create(
      { email: "five@example.com" },
      { idempotencyKey: `${key}-2` },
    );
    expect(fresh.id).toMatch(/^cus_/);
  });
});
