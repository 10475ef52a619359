// Crash recovery: the portal process is killed (SIGKILL, by PORTAL_CRASH_AT, lib/crash-point.ts) at each
// step of the refund and swap sagas, in the customer's request; a portal started again on the same
// database finishes every operation by itself (its job runner, Stripe's webhooks), exactly once.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { TCrashPoint } from "@/lib/crash-point";
import { radioValueByLabel } from "@/scripts/lib/form-client";
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

const ENABLED = postgresOrSkip("tests/instances/crash-recovery");
const BUYER = "crash-recovery@example.test";

/** In this order, so that the orders of one saga alternate with those of the other. */
const POINTS: TCrashPoint[] = [
  "refund.after-row",
  "swap.after-row",
  "refund.after-stripe",
  "swap.after-stripe",
  "refund.before-settle-commit",
  "swap.before-settle-commit",
];

type TOperation = {
  point: TCrashPoint;
  orderId: string;
  paymentIntent: string;
  /** Where the form posts, and the form a browser without JavaScript would post. */
  path: string;
  form: FormData;
};

describe.skipIf(!ENABLED)("kill -9 at each step of the refund and swap sagas", () => {
  let stack: TStack;
  let cookie: string;
  let portal: TPortal;
  const operations: TOperation[] = [];
  const figures: string[] = [];

  beforeAll(async () => {
    stack = await startStack(1);
    const port = stack.ports[0]!;
    // The first process is already set to crash at the first step: until a request reaches that step it
    // serves like any other (the purchases' webhooks, the sign-in, the forms), without its job runner.
    portal = await stack.startPortal(port, { crashAt: POINTS[0] });
    const pro = await catalogItem(stack.stripe, {
      slug: "cr-pro",
      name: "Backup Pro",
      amount: 4995,
      family: "cr",
    });
    await catalogItem(stack.stripe, {
      slug: "cr-standard",
      name: "Backup Standard",
      amount: 2995,
      family: "cr",
    });
    const sessions = [];
    for (const point of POINTS) sessions.push({ point, session: await buy(stack, BUYER, pro) });
    // The buyer exists for the portal once its purchases' webhooks are in.
    for (const { session } of sessions) await orderOf(stack, session.id);
    const browser = await signIn(stack, portal.url, BUYER);
    cookie = browser.cookieHeader();
    // Every form is read from a healthy process: the refunds requested (step 1), the swap pages opened.
    for (const { point, session } of sessions) {
      const order = await orderOf(stack, session.id);
      const base = `/en/orders/${order.orderNumber}`;
      let path: string;
      let form: FormData;
      if (point.startsWith("refund.")) {
        const [item] = await stack.sql<
          { id: string }[]
        >`SELECT id FROM order_items WHERE order_id = ${order.id}`;
        const requested = await browser.submit(`${base}/refund`, "itemIds", {
          itemIds: item!.id,
          reason: "not_working",
        });
        path = new URL(requested.url).pathname;
        form = formFields(requested.html, "refundId");
      } else {
        const page = await browser.request(`${base}/swap`);
        path = `${base}/swap`;
        form = formFields(page.html, "targetProductId");
        form.set("targetProductId", radioValueByLabel(page.html, "targetProductId", "Backup Standard"));
      }
      operations.push({
        point,
        orderId: order.id,
        paymentIntent: session.payment_intent as string,
        path,
        form,
      });
    }
  }, 300_000);

  afterAll(async () => {
    console.log(
      `\nCrash-recovery probes (SIGKILL in the request, then a restart):\n  ${figures.join("\n  ")}`,
    );
    await stack?.close();
  });

  const stripeRefunds = async (pi: string) => (await stack.stripe.refunds.list({ payment_intent: pi })).data;

  test("each operation completes exactly once after the restart", async () => {
    const port = stack.ports[0]!;
    const startSeconds: number[] = [];
    for (const op of operations) {
      if (op !== operations[0]) {
        const starting = Date.now();
        portal = await stack.startPortal(port, { crashAt: op.point });
        startSeconds.push((Date.now() - starting) / 1000);
      }
      const answer = await postForm(`${portal.url}${op.path}`, cookie, op.form);
      const exit = await portal.exited;
      expect(exit.signal, `the portal died at ${op.point}`).toBe("SIGKILL");
      expect(answer).toBe("dropped");
      // What the crash left: at "after-row" Stripe was never called; at the later steps it was, once.
      const inStripe = (await stripeRefunds(op.paymentIntent)).length;
      expect(inStripe, op.point).toBe(op.point.endsWith("after-row") ? 0 : 1);
      const [left] = op.point.startsWith("refund.")
        ? await stack.sql<{ status: string }[]>`SELECT status FROM refunds WHERE order_id = ${op.orderId}`
        : await stack.sql<{ status: string }[]>`
            SELECT s.status FROM swaps s JOIN order_items i ON i.id = s.order_item_id WHERE i.order_id = ${op.orderId}`;
      if (op.point.endsWith("after-row")) expect(left?.status, op.point).toBe("processing");
      figures.push(
        `${op.point}: killed (SIGKILL) with the ${op.point.split(".")[0]} "${left?.status}" and ${inStripe} refund in Stripe`,
      );
    }

    // A healthy process on the same database: its job runner and the webhooks finish everything.
    const started = Date.now();
    await stack.startPortal(port);
    const seconds = () => Math.round((Date.now() - started) / 1000);
    const completedBy: string[] = [];
    for (const op of operations) {
      await eventually(
        `${op.point} completed`,
        async () => {
          const [row] = op.point.startsWith("refund.")
            ? await stack.sql<{ status: string }[]>`SELECT status FROM refunds WHERE order_id = ${op.orderId}`
            : await stack.sql<{ status: string }[]>`
                SELECT s.status FROM swaps s JOIN order_items i ON i.id = s.order_item_id WHERE i.order_id = ${op.orderId}`;
          return row?.status === (op.point.startsWith("refund.") ? "refunded" : "completed");
        },
        90_000,
      );
      completedBy.push(`${op.point} ${seconds()} s`);
    }
    // Every safety-net job that came due has finished. Those of the last steps fall due up to 30 s later
    // and will find their operation complete (a job after the settlement changes nothing: the
    // two-instance test waits for those); waiting for them here would add half a minute to CI.
    await eventually(
      "every due job done",
      async () => (await count(stack, "jobs WHERE status <> 'done' AND run_at <= now()")) === 0,
      90_000,
    );
    expect(await count(stack, "jobs WHERE status = 'dead' OR last_error IS NOT NULL")).toBe(0);
    const jobsDone = await count(stack, "jobs WHERE status = 'done'");
    await eventually(
      "every mail sent",
      async () => (await count(stack, "mail_outbox WHERE status <> 'sent'")) === 0,
    );
    const recoveredIn = seconds();
    const meanStart = startSeconds.reduce((a, b) => a + b, 0) / startSeconds.length;

    for (const op of operations) {
      const isRefund = op.point.startsWith("refund.");
      expect(
        (await stripeRefunds(op.paymentIntent)).map((r) => r.amount),
        op.point,
      ).toEqual([isRefund ? 4995 : 2000]);
      expect(
        await count(stack, "refunds WHERE order_id = $1 AND status = 'refunded'", [op.orderId]),
        op.point,
      ).toBe(1);
      expect(await count(stack, "refunds WHERE order_id = $1", [op.orderId]), op.point).toBe(1);
      expect(
        await count(
          stack,
          "invoices v JOIN refunds r ON r.id = v.refund_id WHERE r.order_id = $1 AND v.kind = 'credit_note'",
          [op.orderId],
        ),
        op.point,
      ).toBe(1);
      const licenses = await stack.sql<{ status: string }[]>`
        SELECT l.status FROM licenses l JOIN order_items i ON i.id = l.order_item_id
        WHERE i.order_id = ${op.orderId} ORDER BY l.status`;
      // A refunded item's key is revoked; a swapped item's old key is revoked and one new key issued.
      expect(
        licenses.map((l) => l.status),
        op.point,
      ).toEqual(isRefund ? ["revoked"] : ["active", "revoked"]);
    }
    const outbox = await stack.sql<{ template: string; n: number }[]>`
      SELECT template, count(*)::int AS n FROM mail_outbox WHERE "to" = ${BUYER} GROUP BY template`;
    const mails = (template: string) => outbox.find((o) => o.template === template)?.n ?? 0;
    expect(mails("refund-confirmed")).toBe(3);
    expect(mails("swap-completed")).toBe(3);
    const inSink = stack.mail.messages();
    // Only a mail in flight when its process was killed may arrive twice (the outbox's at-least-once).
    const { twice, resent } = await sentTwice(stack, { crashes: true });
    expect(twice).toEqual([]);
    expect(inSink.length).toBe((await count(stack, "mail_outbox WHERE status = 'sent'")) + resent);
    figures.push(
      `seen complete after the restart (checked in this order): ${completedBy.join(", ")}`,
      `after the restart (${recoveredIn} s to finish; a portal start took ${meanStart.toFixed(1)} s on average): 6/6 operations completed; per operation 1 Stripe refund, 1 refund row, 1 credit note, 1 mail; ${jobsDone} of ${await count(stack, "jobs")} safety-net jobs run and done (none failed), the others not due yet; ${inSink.length} mails in the sink for ${inSink.length - resent} sent rows (${resent} re-sent after a kill interrupted its sending)`,
    );
  }, 300_000);
});
