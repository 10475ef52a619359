import "server-only";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { TDb } from "@/db/open";
import { auditActorOf, type TAuditActor } from "@/lib/audit/actor";
import { orderEvents, orders, refundItems, refunds } from "@/db/schema";
import type { TMailSettings } from "@/lib/email/templates/types";
import { crashPoint } from "@/lib/crash-point";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { getRefundContext, policyOrder } from "./queries";
import { planRefund, type TRefundError } from "./refund-policy";
import { submitRefund } from "./submit-refund";
import { recordAudit } from "@/lib/audit/record-audit";

export type TConfirmRefundResult =
  { ok: true; refundId: string } | { ok: false; code: TRefundError | "NOT_FOUND" };

/**
 * Step 2: the customer confirms. Under a lock on the order (so concurrent
 * confirmations from several tabs or sessions are taken one at a time) the
 * rules are checked again against what is already being refunded; the refund
 * moves to "processing" with a retry job as a safety net, then goes to Stripe.
 * Confirming a refund already under way is not an error: it is the same refund.
 */
export async function confirmRefund(
  db: TDb,
  customerId: string,
  refundId: string,
  deps: { stripe: Stripe; mail: TMailSettings; now?: Date; actor?: TAuditActor },
): Promise<TConfirmRefundResult> {
  const now = deps.now ?? new Date();
  const decided = await db.transaction(async (tx): Promise<TConfirmRefundResult | "submit"> => {
    const [refund] = await tx
      .select({ id: refunds.id, status: refunds.status, orderId: refunds.orderId, source: refunds.source })
      .from(refunds)
      .where(and(eq(refunds.id, refundId), eq(refunds.customerId, customerId)));
    if (!refund) return { ok: false, code: "NOT_FOUND" };
    const [order] = await tx
      .select({ orderNumber: orders.orderNumber })
      .from(orders)
      .where(and(eq(orders.id, refund.orderId), eq(orders.customerId, customerId)))
      .for("no key update");
    if (!order) return { ok: false, code: "NOT_FOUND" };
    const [current] = await tx
      .select({ status: refunds.status })
      .from(refunds)
      .where(eq(refunds.id, refundId));
    if (current!.status !== "requested") return { ok: true, refundId };

    const ctx = await getRefundContext(tx, customerId, order.orderNumber, "en");
    const items = await tx
      .select({ orderItemId: refundItems.orderItemId })
      .from(refundItems)
      .where(eq(refundItems.refundId, refundId));
    const plan = planRefund(
      policyOrder(ctx!),
      items.map((i) => i.orderItemId),
      now,
      { allowPastWindow: refund.source === "support" },
    );
    if (!plan.ok) {
      await tx
        .update(refunds)
        .set({ status: "failed", failureCode: plan.code, completedAt: now })
        .where(eq(refunds.id, refundId));
      return { ok: false, code: plan.code };
    }
    for (const i of plan.items) {
      await tx
        .update(refundItems)
        .set({ amount: i.amount })
        .where(and(eq(refundItems.refundId, refundId), eq(refundItems.orderItemId, i.id)));
    }
    await tx
      .update(refunds)
      .set({ status: "processing", amount: plan.amount, requestedAt: now })
      .where(eq(refunds.id, refundId));
    await tx.insert(orderEvents).values({
      orderId: refund.orderId,
      type: "refund_requested",
      at: now,
      data: { refundId, amount: plan.amount },
    });
    const who = auditActorOf(deps.actor, customerId);
    await recordAudit(tx, {
      actorType: who.actorType,
      actorId: who.actorId,
      action: "refund.confirmed",
      subjectType: "refund",
      subjectId: refundId,
      data: { amount: plan.amount, items: plan.items.length, ...who.note },
    });
    // Should this process die before Stripe answers, the job finishes the refund.
    await enqueueJob(tx, {
      kind: "refund.submit",
      payload: { refundId },
      runAt: new Date(now.getTime() + 30_000),
      dedupeKey: `refund:${refundId}`,
    });
    return "submit";
  });
  if (decided !== "submit") return decided;
  crashPoint("refund.after-row");
  await submitRefund(db, refundId, deps);
  return { ok: true, refundId };
}
