// The emulator as strict as Stripe: declared parameters only, Stripe's validations, idempotency conflicts,
// search and unknown routes, deleted customers and Checkout's price_data, through the official SDK.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRouter } from "./server";
import { SHAPES } from "./shapes";
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

async function rejection(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await p;
  } catch (err) {
    return err as Stripe.errors.StripeError;
  }
  throw new Error("expected the call to fail");
}

async function paidOrder(email: string): Promise<Stripe.Checkout.Session> {
  return paidSession(t, {
    mode: "payment",
    line_items: [{ price: catalog.oneTime.id, quantity: 1 }],
    customer_email: email,
    customer_creation: "always",
    success_url: "http://localhost/ok",
  });
}

describe("Stripe emulator: declared parameters", () => {
  it("declares the accepted parameters of every route it serves, and no route it does not serve", () => {
    expect(buildRouter().list().sort()).toEqual(Object.keys(SHAPES).sort());
  });

  it("refuses a misspelt parameter of a refund (amout) with parameter_unknown and refunds nothing", async () => {
    const session = await paidOrder("typo@example.com");
    const typo = { payment_intent: String(session.payment_intent), amout: 100 } as Stripe.RefundCreateParams;
    const err = await rejection(t.stripe.refunds.create(typo, { idempotencyKey: "typo-refund" }));
    expect(err.statusCode).toBe(400);
    expect(err.type).toBe("StripeInvalidRequestError");
    expect(err.code).toBe("parameter_unknown");
    expect(err.param).toBe("amout");
    expect(err.message).toBe("Received unknown parameter: amout");
    expect((await t.stripe.refunds.list({ payment_intent: String(session.payment_intent) })).data).toEqual(
      [],
    );
    // Not saved under the key: the corrected request goes through with the same key.
    const fixed = await t.stripe.refunds.create(
      { payment_intent: String(session.payment_intent), amount: 100 },
      { idempotencyKey: "typo-refund-2" },
    );
    expect(fixed.amount).toBe(100);
  });

  it("names nested unknown parameters by their full path, on POST and on GET", async () => {
    const nested = await rejection(
      t.stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ price: catalog.oneTime.id, quantity: 1, pricee: "x" } as never],
        success_url: "http://localhost/ok",
      }),
    );
    expect(nested.code).toBe("parameter_unknown");
    expect(nested.param).toBe("line_items[0][pricee]");
    expect(nested.message).toBe("Received unknown parameter: line_items[0][pricee]");
    const deep = await rejection(
      t.stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ price: catalog.oneTime.id, quantity: 1 }],
        payment_intent_data: { metadata: { order: "1" }, descripton: "typo" } as never,
        success_url: "http://localhost/ok",
      }),
    );
    expect(deep.param).toBe("payment_intent_data[descripton]");
    const listed = await rejection(t.stripe.customers.list({ emial: "x@example.com" } as never));
    expect(listed.code).toBe("parameter_unknown");
    expect(listed.param).toBe("emial");
    // Declared nested parameters, any metadata key and expand[] pass.
    const ok = await t.stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: catalog.oneTime.id, quantity: 2 }],
      metadata: { any_key_at_all: "v" },
      payment_intent_data: { metadata: { order: "1" }, description: "ok" },
      success_url: "http://localhost/ok",
      expand: ["line_items"],
    });
    expect(ok.line_items?.data[0]?.quantity).toBe(2);
  });
});

describe("Stripe emulator: Stripe's validations", () => {
  it("refuses an e-mail address of invalid shape (email_invalid) on customers and Checkout", async () => {
    const err = await rejection(t.stripe.customers.create({ email: "not an address" }));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe("email_invalid");
    expect(err.param).toBe("email");
    const c = await t.stripe.customers.create({ email: "fine@example.com" });
    const upd = await rejection(t.stripe.customers.update(c.id, { email: "fine@" }));
    expect(upd.code).toBe("email_invalid");
    expect((await t.stripe.customers.retrieve(c.id)) as Stripe.Customer).toMatchObject({
      email: "fine@example.com",
    });
    const checkout = await rejection(
      t.stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ price: catalog.oneTime.id, quantity: 1 }],
        customer_email: "two@@example.com",
        success_url: "http://localhost/ok",
      }),
    );
    expect(checkout.code).toBe("email_invalid");
    expect(checkout.param).toBe("customer_email");
  });

  it("limits metadata to 50 keys, keys to 40 and values to 500 characters", async () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    const tooMany = await rejection(t.stripe.customers.create({ metadata: many }));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.param).toBe("metadata");
    const longKey = await rejection(t.stripe.customers.create({ metadata: { ["k".repeat(41)]: "v" } }));
    expect(longKey.param).toBe(`metadata[${"k".repeat(41)}]`);
    const longValue = await rejection(t.stripe.customers.create({ metadata: { k: "v".repeat(501) } }));
    expect(longValue.param).toBe("metadata[k]");
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v".repeat(500)]));
    const ok = await t.stripe.customers.create({ metadata: { ...fifty } });
    expect(Object.keys(ok.metadata)).toHaveLength(50);
  });

  it("refuses a malformed Stripe-Version header with 400 and answers with a Request-Id", async () => {
    const send = (version: string) =>
      fetch(`${t.emu.url}/v1/customers`, {
        headers: { Authorization: "Bearer sk_test_123", "Stripe-Version": version },
      });
    const bad = await send("2026-13-45");
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { type: string; message: string; request_log_url: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toBe("Invalid Stripe API version: 2026-13-45");
    const requestId = bad.headers.get("request-id");
    expect(requestId).toMatch(/^req_/);
    expect(body.error.request_log_url).toContain(`/test/logs/${requestId}?`);
    expect((await send("yesterday")).status).toBe(400);
    expect((await send(Stripe.API_VERSION)).status).toBe(200);
    expect((await send("2024-06-20")).status).toBe(200);
  });
});

describe("Stripe emulator: idempotency conflicts", () => {
  it("answers 409 idempotency_error to a second request while the first with the key is in flight", async () => {
    await t.control("POST", "/faults", { mode: "hold", count: 1, pathPrefix: "/v1/customers" });
    const key = "in-flight-customer";
    const first = t.stripe.customers.create({ email: "flight@example.com" }, { idempotencyKey: key });
    // Wait until the emulator holds the first request (no timing: it says when it has it).
    while ((await t.control<{ held: string[] }>("GET", "/faults/held")).body.held.length === 0)
      await new Promise((r) => setImmediate(r));
    const second = await rejection(
      t.stripe.customers.create({ email: "flight@example.com" }, { idempotencyKey: key }),
    );
    expect(second.statusCode).toBe(409);
    // The SDK maps a 409 by its status (StripeAPIError); the body is Stripe's idempotency_error.
    expect((second.raw as { type?: string }).type).toBe("idempotency_error");
    expect(second.code).toBe("idempotency_key_in_use");
    expect(second.message).toMatch(
      /^There is currently another in-progress request using this Idempotent Key/,
    );
    expect(second.message).toContain(key);
    expect(second.headers?.["stripe-should-retry"]).toBe("true");
    expect((await t.control("POST", "/faults/release")).body).toEqual({ released: 1 });
    const created = await first;
    const retried = await t.stripe.customers.create({ email: "flight@example.com" }, { idempotencyKey: key });
    expect(retried.id).toBe(created.id);
    expect((await t.stripe.customers.list({ email: "flight@example.com" })).data).toHaveLength(1);
  });
});

describe("Stripe emulator: routes", () => {
  it("searches customers by email with the search query language, not as a retrieve of 'search'", async () => {
    const a = await t.stripe.customers.create({ email: "Searched@Example.com", metadata: { portal: "7" } });
    await t.stripe.customers.create({ email: "other-search@example.com" });
    const found = await t.stripe.customers.search({ query: "email:'searched@example.com'" });
    expect(found.object).toBe("search_result");
    expect(found.data.map((c) => c.id)).toEqual([a.id]);
    const both = await t.stripe.customers.search({
      query: "email:'searched@example.com' AND metadata['portal']:'7'",
    });
    expect(both.data.map((c) => c.id)).toEqual([a.id]);
    const none = await t.stripe.customers.search({ query: "email:'nobody@example.com'" });
    expect(none.data).toEqual([]);
    const bad = await rejection(t.stripe.customers.search({ query: "favourite_colour:'blue'" }));
    expect(bad.statusCode).toBe(400);
    expect(bad.param).toBe("query");
  });

  it("answers an unknown route as Stripe does (404 Unrecognized request URL)", async () => {
    const res = await fetch(`${t.emu.url}/v1/foo`, { headers: { Authorization: "Bearer sk_test_123" } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/foo\)\. /);
  });
});

describe("Stripe emulator: deleted customers", () => {
  it("deletes as {deleted: true}, retrieves the stub afterwards, cancels the plans, and the clock goes on", async () => {
    const customer = await t.stripe.customers.create({ email: "leaving@example.com" });
    const s = await paidSession(t, {
      mode: "subscription",
      line_items: [{ price: catalog.monthly.id, quantity: 1 }],
      customer: customer.id,
      success_url: "http://localhost/ok",
    });
    const subId = String(s.subscription);
    const deleted = await t.stripe.customers.del(customer.id);
    expect(deleted).toMatchObject({ id: customer.id, object: "customer", deleted: true });
    const again = await t.stripe.customers.retrieve(customer.id);
    expect(again).toEqual(expect.objectContaining({ id: customer.id, object: "customer", deleted: true }));
    const sub = await t.stripe.subscriptions.retrieve(subId);
    expect(sub.status).toBe("canceled");
    const events = await t.stripe.events.list({ type: "customer.subscription.deleted", limit: 100 });
    expect(events.data.filter((e) => (e.data.object as { id: string }).id === subId)).toHaveLength(1);
    const update = await rejection(t.stripe.customers.update(customer.id, { name: "Ghost" }));
    expect(update.statusCode).toBe(404);
    // Renewals are due for other plans; the deleted customer's plan is not renewed and nothing breaks.
    const advanced = await t.control("POST", "/clock/advance", { seconds: 40 * DAY });
    expect(advanced.status).toBe(200);
    expect((await t.stripe.invoices.list({ subscription: subId })).data).toHaveLength(1);
    expect((await t.stripe.customers.list({ limit: 1 })).object).toBe("list");
  });
});

describe("Stripe emulator: Checkout price_data", () => {
  it("charges an inline price on an existing product without adding it to the catalog", async () => {
    const s = await paidSession(t, {
      mode: "payment",
      line_items: [
        {
          price_data: { currency: "eur", product: catalog.product.id, unit_amount: 1234 },
          quantity: 1,
        },
      ],
      customer_email: "inline@example.com",
      success_url: "http://localhost/ok",
    });
    expect(s.amount_total).toBe(1234);
    expect(s.payment_status).toBe("paid");
    const items = await t.stripe.checkout.sessions.listLineItems(s.id);
    const price = items.data[0]?.price;
    expect(price).toMatchObject({ unit_amount: 1234, currency: "eur", active: false, type: "one_time" });
    expect(price?.product).toBe(catalog.product.id);
    expect(items.data[0]?.description).toBe("Editor Pro");
    const pi = await t.stripe.paymentIntents.retrieve(String(s.payment_intent));
    expect(pi.amount).toBe(1234);
    const catalogPrices = await t.stripe.prices.list({ active: true, limit: 100 });
    expect(catalogPrices.data.map((p) => p.id)).not.toContain(price?.id);
  });

  it("makes a product from product_data and a plan from recurring price_data", async () => {
    const s = await paidSession(t, {
      mode: "subscription",
      line_items: [
        {
          price_data: {
            currency: "eur",
            product_data: { name: "Custom plan" },
            unit_amount: 2500,
            recurring: { interval: "month" },
          },
          quantity: 1,
        },
      ],
      customer_email: "inline-plan@example.com",
      success_url: "http://localhost/ok",
    });
    const sub = await t.stripe.subscriptions.retrieve(String(s.subscription), {
      expand: ["items.data.price.product"],
    });
    const item = sub.items.data[0];
    expect(item?.price).toMatchObject({ unit_amount: 2500, recurring: { interval: "month" } });
    expect((item?.price.product as Stripe.Product).name).toBe("Custom plan");
    expect(s.amount_total).toBe(2500);
  });

  it("refuses price with price_data, a missing product, and an unknown price_data field", async () => {
    const both = await rejection(
      t.stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [
          {
            price: catalog.oneTime.id,
            price_data: { currency: "eur", product: catalog.product.id, unit_amount: 100 },
            quantity: 1,
          },
        ],
        success_url: "http://localhost/ok",
      }),
    );
    expect(both.statusCode).toBe(400);
    expect(both.param).toBe("line_items[0][price]");
    const before = (await t.stripe.prices.list({ limit: 100 })).data.length;
    const missing = await rejection(
      t.stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ price_data: { currency: "eur", unit_amount: 100 } as never, quantity: 1 }],
        success_url: "http://localhost/ok",
      }),
    );
    expect(missing.code).toBe("parameter_missing");
    expect(missing.param).toBe("line_items[0][price_data][product]");
    const unknown = await rejection(
      t.stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [
          {
            price_data: { currency: "eur", product: catalog.product.id, unit_amount: 100, lookup_key: "x" },
            quantity: 1,
          } as never,
        ],
        success_url: "http://localhost/ok",
      }),
    );
    expect(unknown.param).toBe("line_items[0][price_data][lookup_key]");
    expect((await t.stripe.prices.list({ limit: 100 })).data.length).toBe(before);
  });
});
