// Webhooks (signed, retried, resent; delivered like Stripe or in order), pending refunds and state
// persistence of the Stripe emulator.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  paidSession,
  seedCatalog,
  startTestEmulator,
  startWebhookReceiver,
  type TestEmulator,
} from "./test-support";

const SECRET = "whsec_test_secret";
const verifier = new Stripe("sk_test_123");
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let t: TestEmulator;
let catalog: Awaited<ReturnType<typeof seedCatalog>>;

type Delivery = {
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  duplicate?: boolean;
};

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  t = await startTestEmulator({
    webhookUrl: receiver.url,
    webhookSecret: SECRET,
    webhookDelivery: "ordered",
  });
  catalog = await seedCatalog(t.stripe);
  await t.control("POST", "/webhooks/flush", { timeoutMs: 5000 });
});
afterAll(async () => {
  await t?.emu.close();
  await receiver?.close();
});

function verified(): Stripe.Event[] {
  return receiver.received.map((r) =>
    verifier.webhooks.constructEvent(r.body, String(r.headers["stripe-signature"]), SECRET),
  );
}

describe("Stripe emulator: webhooks (ordered delivery)", () => {
  it("posts every event signed like Stripe, in creation order, retrying after a 500", async () => {
    receiver.received.length = 0;
    receiver.failNext.push(500);
    const session = await paidSession(t, {
      mode: "payment",
      line_items: [{ price: catalog.oneTime.id, quantity: 1 }],
      customer_email: "hook@example.com",
      customer_creation: "always",
    });
    const flushed = await t.control<{ pending: number }>("POST", "/webhooks/flush", { timeoutMs: 5000 });
    expect(flushed.body.pending).toBe(0);

    const events = verified();
    const first = events[0];
    expect(first?.type).toBe("customer.created");
    // The first delivery was answered 500 and came again later; nothing else twice.
    expect(events.filter((e) => e.id === first?.id)).toHaveLength(2);
    expect(events.slice(1).map((e) => e.id)).toContain(first?.id);
    const firstAttempts = events.filter((e, i) => events.findIndex((x) => x.id === e.id) === i);
    expect(firstAttempts).toHaveLength(events.length - 1);
    expect(firstAttempts.map((e) => e.type)).toEqual([
      "customer.created",
      "payment_intent.created",
      "payment_intent.succeeded",
      "charge.succeeded",
      "checkout.session.completed",
    ]);
    const completed = events.find((e) => e.type === "checkout.session.completed");
    expect(completed).toMatchObject({
      object: "event",
      api_version: Stripe.API_VERSION,
      livemode: false,
      pending_webhooks: 1,
    });
    expect((completed?.data.object as Stripe.Checkout.Session).id).toBe(session.id);
    const header = String(receiver.received[0]?.headers["stripe-signature"]);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(() =>
      verifier.webhooks.constructEvent(receiver.received[0]?.body ?? "", header, "whsec_other"),
    ).toThrow();

    const list = await t.control<{ data: Delivery[] }>("GET", "/webhooks");
    const d = list.body.data.find((x) => x.eventId === first?.id);
    expect(d).toMatchObject({ status: "delivered", attempts: 2, lastStatus: 200 });
  });

  it("records the API request and idempotency key on the events it caused", async () => {
    receiver.received.length = 0;
    const customer = await t.stripe.customers.create(
      { email: "req@example.com" },
      { idempotencyKey: "create-req-customer" },
    );
    await t.control("POST", "/webhooks/flush", { timeoutMs: 5000 });
    const event = verified().find((e) => e.type === "customer.created");
    expect((event?.data.object as Stripe.Customer).id).toBe(customer.id);
    expect(event?.request).toMatchObject({ idempotency_key: "create-req-customer" });
    expect(event?.request?.id).toMatch(/^req_/);
  });

  it("resends an event on request and keeps retrying an unreachable endpoint", async () => {
    receiver.received.length = 0;
    const [latest] = (await t.stripe.events.list({ limit: 1 })).data;
    const resent = await t.control("POST", `/events/${latest?.id}/resend`);
    expect(resent.status).toBe(200);
    await t.control("POST", "/webhooks/flush", { timeoutMs: 5000 });
    expect(verified().map((e) => e.id)).toEqual([latest?.id]);

    await t.control("POST", "/config", { webhookUrl: "http://127.0.0.1:9/unreachable" });
    await t.stripe.customers.create({ email: "later@example.com" });
    const stuck = await t.control<{ pending: number }>("POST", "/webhooks/flush", { timeoutMs: 300 });
    expect(stuck.body.pending).toBe(1);
    const pending = (await t.control<{ data: Delivery[] }>("GET", "/webhooks")).body.data.filter(
      (d) => d.status === "pending",
    );
    expect(pending[0]?.attempts).toBeGreaterThanOrEqual(2);
    await t.control("POST", "/config", { webhookUrl: receiver.url });
    const done = await t.control<{ pending: number }>("POST", "/webhooks/flush", { timeoutMs: 5000 });
    expect(done.body.pending).toBe(0);
    expect(
      verified().some(
        (e) =>
          e.type === "customer.created" && (e.data.object as Stripe.Customer).email === "later@example.com",
      ),
    ).toBe(true);
  });

  it("settles pending refunds later, giving the money back to the charge on failure", async () => {
    const s = await paidSession(t, {
      mode: "payment",
      line_items: [{ price: catalog.oneTime.id, quantity: 1 }],
      customer_email: "slow@example.com",
    });
    await t.control("POST", "/refunds/mode", { mode: "pending" });
    const r1 = await t.stripe.refunds.create({ payment_intent: String(s.payment_intent), amount: 900 });
    const r2 = await t.stripe.refunds.create({ payment_intent: String(s.payment_intent), amount: 1000 });
    await t.control("POST", "/refunds/mode", { mode: "instant" });
    expect(r1.status).toBe("pending");
    let charge = await t.stripe.charges.retrieve(
      String((await t.stripe.paymentIntents.retrieve(String(s.payment_intent))).latest_charge),
    );
    expect(charge.amount_refunded).toBe(1900);
    await t.control("POST", `/refunds/${r1.id}/settle`, { status: "succeeded" });
    await t.control("POST", `/refunds/${r2.id}/settle`, {
      status: "failed",
      failure_reason: "expired_or_canceled_card",
    });
    expect((await t.stripe.refunds.retrieve(r1.id)).status).toBe("succeeded");
    expect(await t.stripe.refunds.retrieve(r2.id)).toMatchObject({
      status: "failed",
      failure_reason: "expired_or_canceled_card",
    });
    charge = await t.stripe.charges.retrieve(charge.id);
    expect(charge.amount_refunded).toBe(900);
    const updates = (await t.stripe.events.list({ type: "refund.updated" })).data.filter(
      (e) => (e.data.object as Stripe.Refund).id === r2.id,
    );
    expect(updates[0]?.data.previous_attributes).toEqual({ status: "pending" });
  });
});

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("Stripe emulator: webhooks delivered like Stripe (the default)", () => {
  let r: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let s: TestEmulator;
  beforeAll(async () => {
    r = await startWebhookReceiver();
    s = await startTestEmulator({ webhookUrl: r.url, webhookSecret: SECRET, webhookSeed: 7 });
  });
  afterAll(async () => {
    await s?.emu.close();
    await r?.close();
  });

  it("delivers concurrently, shuffled, some events twice, and counts pending_webhooks down", async () => {
    const info = await s.control<{ delivery: string; seed: number }>("GET", "/webhooks");
    expect(info.body).toMatchObject({ delivery: "stripe", seed: 7 });
    const cat = await seedCatalog(s.stripe);
    expect(
      (await s.control<{ pending: number }>("POST", "/webhooks/flush", { timeoutMs: 5000 })).body.pending,
    ).toBe(0);
    r.received.length = 0;

    r.hold();
    for (const email of ["a@example.com", "b@example.com", "c@example.com"])
      await paidSession(s, {
        mode: "payment",
        line_items: [{ price: cat.oneTime.id, quantity: 1 }],
        customer_email: email,
        customer_creation: "always",
      });
    // The endpoint answers nothing yet: several deliveries wait on it at once.
    await until(() => r.open() >= 2, "two deliveries in flight");
    const created = (await s.stripe.events.list({ limit: 100 })).data
      .filter((e) => e.type !== "product.created" && e.type !== "price.created")
      .reverse();
    expect(created.length).toBe(15);
    // Nothing answered yet: every event still has its one webhook pending.
    for (const e of created) expect((await s.stripe.events.retrieve(e.id)).pending_webhooks).toBe(1);
    r.release();
    expect(
      (await s.control<{ pending: number }>("POST", "/webhooks/flush", { timeoutMs: 5000 })).body.pending,
    ).toBe(0);
    expect(r.maxOpen()).toBeGreaterThan(1);
    expect(r.maxOpen()).toBeLessThanOrEqual(4);

    const arrived = receivedIds(r);
    const firstArrivals = arrived.filter((id, i) => arrived.indexOf(id) === i);
    const createdIds = created.map((e) => e.id);
    expect([...firstArrivals].sort()).toEqual([...createdIds].sort());
    expect(firstArrivals).not.toEqual(createdIds);
    // Some events came twice (no failure was answered): the second delivery of the same event id.
    const twice = createdIds.filter((id) => arrived.filter((x) => x === id).length === 2);
    expect(twice.length).toBeGreaterThan(0);
    expect(arrived.length).toBe(createdIds.length + twice.length);
    const deliveries = (await s.control<{ data: Delivery[] }>("GET", "/webhooks")).body.data;
    expect(
      deliveries
        .filter((d) => d.duplicate && createdIds.includes(d.eventId))
        .map((d) => d.eventId)
        .sort(),
    ).toEqual([...twice].sort());
    for (const e of created) expect((await s.stripe.events.retrieve(e.id)).pending_webhooks).toBe(0);
  });

  it("retries a failed delivery when the emulator's clock reaches its retry time", async () => {
    // Real-time backoff of a minute: only the clock can bring the retry out within the test.
    const slow = await startTestEmulator({
      webhookUrl: r.url,
      webhookSecret: SECRET,
      // With this seed the one event is not duplicated (a successful duplicate would deliver it).
      webhookSeed: 2,
      webhookRetryBaseMs: 60_000,
    });
    try {
      r.received.length = 0;
      r.failNext.push(500);
      const customer = await slow.stripe.customers.create({ email: "clock@example.com" });
      await slow.control("POST", "/webhooks/flush", { timeoutMs: 300 });
      const [event] = (await slow.stripe.events.list({ type: "customer.created" })).data;
      expect((event?.data.object as Stripe.Customer).id).toBe(customer.id);
      const failed = () =>
        slow
          .control<{ data: (Delivery & { id: string })[] }>("GET", "/webhooks")
          .then((res) => res.body.data.filter((d) => d.lastStatus === 500));
      const [first] = await failed();
      expect(first).toMatchObject({ eventId: event?.id, status: "pending", attempts: 1 });
      expect(r.received).toHaveLength(1);
      expect((await slow.stripe.events.retrieve(event?.id ?? "")).pending_webhooks).toBe(1);

      // A minute of emulated time is not enough (the first retry is 5 minutes after the failure)...
      await slow.control("POST", "/clock/advance", { seconds: 60 });
      await slow.control("POST", "/webhooks/flush", { timeoutMs: 300 });
      expect((await failed())[0]).toMatchObject({ status: "pending", attempts: 1 });
      // ...an hour is.
      await slow.control("POST", "/clock/advance", { seconds: 3600 });
      const done = await slow.control<{ pending: number }>("POST", "/webhooks/flush", { timeoutMs: 5000 });
      expect(done.body.pending).toBe(0);
      const list = (await slow.control<{ data: (Delivery & { id: string })[] }>("GET", "/webhooks")).body
        .data;
      expect(list.find((d) => d.id === first?.id)).toMatchObject({
        status: "delivered",
        attempts: 2,
        lastStatus: 200,
      });
      expect((await slow.stripe.events.retrieve(event?.id ?? "")).pending_webhooks).toBe(0);
    } finally {
      await slow.emu.close();
    }
  });
});

function receivedIds(r: Awaited<ReturnType<typeof startWebhookReceiver>>): string[] {
  return r.received.map(
    (x) => verifier.webhooks.constructEvent(x.body, String(x.headers["stripe-signature"]), SECRET).id,
  );
}

describe("Stripe emulator: persistence", () => {
  it("keeps state, clock and idempotency keys across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stripe-emu-"));
    const stateFile = join(dir, "state.json");
    try {
      const a = await startTestEmulator({ stateFile });
      const cat = await seedCatalog(a.stripe);
      const session = await paidSession(a, {
        mode: "subscription",
        line_items: [{ price: cat.yearly.id, quantity: 1 }],
        customer_email: "keep@example.com",
      });
      await a.control("POST", "/clock/advance", { seconds: 5 * 86_400 });
      const customer = await a.stripe.customers.create(
        { email: "keep2@example.com" },
        { idempotencyKey: "keep-key" },
      );
      const before = (await a.control<{ now: number }>("GET", "/clock")).body.now;
      await a.emu.close();

      const b = await startTestEmulator({ stateFile });
      try {
        const after = (await b.control<{ now: number }>("GET", "/clock")).body.now;
        expect(after).toBeGreaterThanOrEqual(before);
        expect(after - before).toBeLessThan(60);
        const again = await b.stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
        expect(again.status).toBe("complete");
        expect((again.subscription as Stripe.Subscription).status).toBe("active");
        const replay = await b.stripe.customers.create(
          { email: "keep2@example.com" },
          { idempotencyKey: "keep-key" },
        );
        expect(replay.id).toBe(customer.id);
        expect((await b.stripe.customers.list({ email: "keep2@example.com" })).data).toHaveLength(1);
        expect((await b.stripe.products.retrieve(cat.product.id)).name).toBe("Editor Pro");
        // Keys live 24 hours of emulator time.
        await b.control("POST", "/clock/advance", { seconds: 86_400 });
        const fresh = await b.stripe.customers.create(
          { email: "keep2@example.com" },
          { idempotencyKey: "keep-key" },
        );
        expect(fresh.id).not.toBe(customer.id);
      } finally {
        await b.emu.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
