// Two portal processes on one PostgreSQL database, with one Stripe emulator and one mail sink, both
// running their mail worker and job runner: the concurrency probes sent across both give exactly one
// effect each (money in Stripe, rows, mails), and every request is answered (no deadlock, no 5xx).
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { radioValueByLabel, type FormClient } from "@/scripts/lib/form-client";
import {
  buy,
  catalogItem,
  count,
  eventually,
  formFields,
  orderOf,
  postForm,
  postgresOrSkip,
  sentTwice,
  signIn,
  startStack,
  type TPortal,
  type TStack,
} from "./stack";

const ENABLED = postgresOrSkip("tests/instances/two-instances");
const PER_INSTANCE = 10;
const BUYER = "two-instances@example.test";

describe.skipIf(!ENABLED)("two portal instances on one database behave as one", () => {
  let stack: TStack;
  let instances: TPortal[];
  let pro: string;
  const figures: string[] = [];

  beforeAll(async () => {
    stack = await startStack(2);
    instances = await Promise.all(stack.ports.map((p) => stack.startPortal(p)));
    pro = await catalogItem(stack.stripe, { slug: "bk-pro", name: "Backup Pro", amount: 4995, family: "bk" });
    // The cheaper edition the swap probe goes to.
    await catalogItem(stack.stripe, {
      slug: "bk-standard",
      name: "Backup Standard",
      amount: 2995,
      family: "bk",
    });
  }, 300_000);

  afterAll(async () => {
    console.log(`\nTwo-instance probes (2 portal processes, one PostgreSQL):\n  ${figures.join("\n  ")}`);
    await stack?.close();
  });

  /** Sends `PER_INSTANCE` copies of a request to each instance at once; the answers, by instance. */
  async function across(send: (portal: TPortal) => Promise<number | "dropped">) {
    const sends = instances.flatMap((p) => Array.from({ length: PER_INSTANCE }, () => send(p)));
    return Promise.all(sends);
  }

  async function signedEvent(type: string, objectId: string, field: "id" | "charge" = "id") {
    const found = await eventually(`the ${type} event`, async () => {
      const events = await stack.stripe.events.list({ type, limit: 100 });
      return events.data.find(
        (e) => (e.data.object as unknown as Record<string, unknown>)[field] === objectId,
      );
    });
    const payload = JSON.stringify(found);
    return async (portal: TPortal): Promise<number> => {
      const res = await fetch(`${portal.url}/api/webhooks/stripe`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Stripe-Signature": Stripe.webhooks.generateTestHeaderString({
            payload,
            secret: "whsec_instances_test",
          }),
        },
        body: payload,
      });
      await res.arrayBuffer();
      return res.status;
    };
  }

  test("20 refund confirmations, 20 swap starts and duplicate webhooks, split between the two", async () => {
    // The buyer's two orders, and a session that both instances honour (sessions live in the database).
    const refundOrder = await orderOf(stack, (await buy(stack, BUYER, pro)).id);
    const swapSession = await buy(stack, BUYER, pro);
    const swapOrder = await orderOf(stack, swapSession.id);
    const browser: FormClient = await signIn(stack, instances[0]!.url, BUYER);
    const cookie = browser.cookieHeader();

    // Probe 1: one refund requested, then its confirmation posted 10 times to each instance at once.
    const [item] = await stack.sql<{ id: string }[]>`
      SELECT id FROM order_items WHERE order_id = ${refundOrder.id}`;
    const requested = await browser.submit(`/en/orders/${refundOrder.orderNumber}/refund`, "itemIds", {
      itemIds: item!.id,
      reason: "not_working",
    });
    const refundId = /\/refund\/([0-9a-f-]{36})$/.exec(requested.url)?.[1];
    expect(refundId, `the refund request led to ${requested.url}`).toBeTruthy();
    const confirmPage = await fetch(`${instances[1]!.url}${new URL(requested.url).pathname}`, {
      headers: { cookie },
    });
    const confirmForm = formFields(await confirmPage.text(), "refundId");
    const confirmAnswers = await across((p) =>
      postForm(`${p.url}${new URL(requested.url).pathname}`, cookie, confirmForm),
    );

    // Probe 2: one swap (to the cheaper edition), started 10 times on each instance at once.
    const swapPath = `/en/orders/${swapOrder.orderNumber}/swap`;
    const swapHtml = await (await fetch(`${instances[1]!.url}${swapPath}`, { headers: { cookie } })).text();
    const swapForm = formFields(swapHtml, "targetProductId");
    swapForm.set("targetProductId", radioValueByLabel(swapHtml, "targetProductId", "Backup Standard"));
    const swapAnswers = await across((p) => postForm(`${p.url}${swapPath}`, cookie, swapForm));

    for (const answers of [confirmAnswers, swapAnswers]) {
      expect(answers.filter((s) => s === "dropped" || s >= 500)).toEqual([]);
    }

    // Probe 3: another buyer's checkout.session.completed, 10 times to each instance (the emulator's own delivery too).
    const dupSession = await buy(stack, "webhook-duplicates@example.test", pro);
    const dupOrderEvent = await signedEvent("checkout.session.completed", dupSession.id);
    const dupAnswers = await across(dupOrderEvent);
    expect(dupAnswers.every((s) => s === 200)).toBe(true);

    // The refund and the swap settle; then their charge.refunded events go to both instances again.
    await eventually("the refund settled", async () => {
      const [r] = await stack.sql<{ status: string }[]>`SELECT status FROM refunds WHERE id = ${refundId!}`;
      return r?.status === "refunded";
    });
    await eventually("the swap completed", async () => {
      const [s] = await stack.sql<{ status: string }[]>`
        SELECT s.status FROM swaps s JOIN order_items i ON i.id = s.order_item_id WHERE i.order_id = ${swapOrder.id}`;
      return s?.status === "completed";
    });
    const refundPi = (await stack.stripe.checkout.sessions.retrieve((await refundSessionOf(refundOrder.id))!))
      .payment_intent as string;
    const charge = (await stack.stripe.paymentIntents.retrieve(refundPi)).latest_charge as string;
    const refundedEvent = await signedEvent("charge.refunded", charge);
    const refundedAnswers = await across(refundedEvent);
    expect(refundedAnswers.every((s) => s === 200)).toBe(true);

    // Both job runners pick up the refund's and the swap's safety-net jobs (due 30 s later): they find
    // the work done and change nothing.
    await eventually(
      "every job done",
      async () => (await count(stack, "jobs WHERE status <> 'done'")) === 0,
      90_000,
    );
    await eventually(
      "every mail sent",
      async () => (await count(stack, "mail_outbox WHERE status <> 'sent'")) === 0,
    );

    // Exactly one effect each.
    const stripeRefunds = async (pi: string) =>
      (await stack.stripe.refunds.list({ payment_intent: pi })).data;
    const swapPi = swapSession.payment_intent as string;
    expect((await stripeRefunds(refundPi)).map((r) => r.amount)).toEqual([4995]);
    expect((await stripeRefunds(swapPi)).map((r) => r.amount)).toEqual([2000]);
    expect(await count(stack, "refunds WHERE order_id = $1", [refundOrder.id])).toBe(1);
    expect(await count(stack, "refunds WHERE order_id = $1 AND status = 'refunded'", [refundOrder.id])).toBe(
      1,
    );
    expect(await count(stack, "invoices WHERE kind = 'credit_note'")).toBe(2);
    expect(await count(stack, "swaps")).toBe(1);
    expect(await count(stack, "refunds WHERE order_id = $1", [swapOrder.id])).toBe(1);
    expect(await count(stack, "orders WHERE stripe_checkout_session_id = $1", [dupSession.id])).toBe(1);
    const dupOrder = await orderOf(stack, dupSession.id);
    expect(
      await count(stack, "licenses l JOIN order_items i ON i.id = l.order_item_id WHERE i.order_id = $1", [
        dupOrder.id,
      ]),
    ).toBe(1);
    const outbox = await stack.sql<{ template: string; to: string; n: number }[]>`
      SELECT template, "to", count(*)::int AS n FROM mail_outbox GROUP BY template, "to" ORDER BY template`;
    const mails = (template: string, to: string) =>
      outbox.find((o) => o.template === template && o.to === to)?.n ?? 0;
    expect(mails("refund-confirmed", BUYER)).toBe(1);
    expect(mails("swap-completed", BUYER)).toBe(1);
    expect(mails("delivery", "webhook-duplicates@example.test")).toBe(1);
    // One mail in the sink per mail written: no instance sent one twice.
    const inSink = stack.mail.messages();
    expect(await sentTwice(stack)).toEqual({ twice: [], resent: 0 });
    expect(inSink.length).toBe(await count(stack, "mail_outbox WHERE status = 'sent'"));

    const byStatus = (a: (number | "dropped")[]) =>
      Object.entries(a.reduce<Record<string, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {}))
        .map(([s, n]) => `${n}×${s}`)
        .join(", ");
    figures.push(
      `refund confirmation: ${confirmAnswers.length} posts (${PER_INSTANCE} per instance; ${byStatus(confirmAnswers)}) → 1 Stripe refund, 1 refund row refunded, 1 credit note, 1 refund mail`,
      `swap start: ${swapAnswers.length} posts (${PER_INSTANCE} per instance; ${byStatus(swapAnswers)}) → 1 swap, 1 Stripe refund of the difference, 1 swap mail`,
      `checkout.session.completed: ${dupAnswers.length} signed duplicates (${PER_INSTANCE} per instance) + the emulator's delivery → 1 order, 1 license, 1 delivery mail`,
      `charge.refunded: ${refundedAnswers.length} signed duplicates (${PER_INSTANCE} per instance) + the emulator's delivery → still 1 refund settled, 1 credit note each, 1 mail`,
      `jobs: ${await count(stack, "jobs")} safety-net jobs run by the two runners, all done, no second Stripe call; mails: ${inSink.length} in the sink = ${inSink.length} sent rows, none twice`,
    );
  }, 240_000);

  async function refundSessionOf(orderId: string): Promise<string | undefined> {
    const [o] = await stack.sql<
      { s: string }[]
    >`SELECT stripe_checkout_session_id AS s FROM orders WHERE id = ${orderId}`;
    return o?.s;
  }
});
