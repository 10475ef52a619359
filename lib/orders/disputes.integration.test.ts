// Disputes end to end: the emulator opens a chargeback on an order's charge and closes it won or
// lost; the portal suspends the order's licenses, then reinstates or revokes them, once each.
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disputes, licenses, orderEvents, orderItems, orders } from "@/db/schema";
import { buy, createCatalogItem, startPortalHarness, type TPortalHarness } from "@/tests/portal-harness";

let h: TPortalHarness;
let app: { price: Stripe.Price };

beforeAll(async () => {
  h = await startPortalHarness();
  app = await createCatalogItem(h.stripe, { slug: "partition-pro", name: "Partition Pro", amount: 3995 });
});
afterAll(async () => {
  await h?.close();
});

async function paidOrder(email: string) {
  const session = await buy(h, { email, items: [{ price: app.price.id, quantity: 2 }] });
  await h.flush();
  const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
  return order!;
}

async function stateOf(orderId: string) {
  const keys = await h.t.db
    .select({ status: licenses.status, revokedReason: licenses.revokedReason })
    .from(licenses)
    .innerJoin(orderItems, eq(orderItems.id, licenses.orderItemId))
    .where(eq(orderItems.orderId, orderId));
  const events = (await h.t.db.select().from(orderEvents).where(eq(orderEvents.orderId, orderId)))
    .map((e) => e.type)
    .filter((t) => t.startsWith("dispute"))
    .sort();
  const rows = await h.t.db.select().from(disputes).where(eq(disputes.orderId, orderId));
  return { keys, events, rows };
}

/** Delivers every event of these types about this dispute again (Stripe's duplicates). */
async function resend(disputeId: string, ...types: string[]) {
  for (const type of types) {
    const { data } = await h.stripe.events.list({ type, limit: 100 });
    for (const e of data.filter((x) => (x.data.object as { id: string }).id === disputeId))
      await h.control("POST", `/events/${e.id}/resend`);
  }
  await h.flush();
}

async function open(order: { stripeChargeId: string | null }): Promise<Stripe.Dispute> {
  const dispute = await h.control<Stripe.Dispute>("POST", `/charges/${order.stripeChargeId}/dispute`, {
    reason: "fraudulent",
  });
  await h.flush();
  return dispute;
}

describe("disputes", () => {
  it("suspends the order's licenses while open and reinstates them when won, once each", async () => {
    const order = await paidOrder("dispute-won@example.com");
    const dispute = await open(order);
    let s = await stateOf(order.id);
    expect(s.keys.map((k) => k.status)).toEqual(["suspended", "suspended"]);
    expect(s.rows).toMatchObject([{ status: "open", reason: "fraudulent", amount: order.total }]);
    expect(s.events).toEqual(["disputed"]);
    await resend(dispute.id, "charge.dispute.created");
    expect((await stateOf(order.id)).events).toEqual(["disputed"]);

    await h.control("POST", `/disputes/${dispute.id}/close`, { status: "won" });
    await h.flush();
    await resend(dispute.id, "charge.dispute.closed", "charge.dispute.created");
    s = await stateOf(order.id);
    expect(s.keys.map((k) => k.status)).toEqual(["active", "active"]);
    expect(s.rows).toMatchObject([{ status: "won" }]);
    expect(s.events).toEqual(["dispute_won", "disputed"]);
    expect(h.unprocessed()).toEqual([]);
  });

  it("revokes them when lost", async () => {
    const order = await paidOrder("dispute-lost@example.com");
    const dispute = await open(order);
    await h.control("POST", `/disputes/${dispute.id}/close`, { status: "lost" });
    await h.flush();
    await resend(dispute.id, "charge.dispute.closed");
    const s = await stateOf(order.id);
    expect(s.keys).toEqual([
      { status: "revoked", revokedReason: "disputed" },
      { status: "revoked", revokedReason: "disputed" },
    ]);
    expect(s.rows).toMatchObject([{ status: "lost" }]);
    expect(s.events).toEqual(["dispute_lost", "disputed"]);
    const onStripe = await h.stripe.disputes.retrieve(dispute.id);
    expect(onStripe).toMatchObject({ status: "lost", charge: order.stripeChargeId, object: "dispute" });
  });
});
