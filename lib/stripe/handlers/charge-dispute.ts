import "server-only";
import { and, eq, inArray, or } from "drizzle-orm";
import type Stripe from "stripe";
import { auditLog, disputes, licenses, orderEvents, orderItems, orders } from "@/db/schema";
import { DISPUTE_STATUSES } from "@/db/schema/disputes";
import { isPortalPayment } from "../ownership";
import { idOf } from "../stripe-mapping";
import { RetryLaterError, type TWebhookHandler } from "../webhook-types";

type TDisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** Stripe's dispute status as the portal reads it: closed won or lost, else still open. */
export function disputeStatusOf(status: Stripe.Dispute.Status): TDisputeStatus {
  return status === "won" ? "won" : status === "lost" ? "lost" : "open";
}

/**
 * `charge.dispute.created` and `charge.dispute.closed`: the dispute is re-read from Stripe, so
 * events in any order, duplicated or late, leave what Stripe has now, each effect once. While a
 * dispute is open the order's working licenses are suspended; won, they work again; lost, they
 * are revoked. The order's history says so (disputed, then won or lost), once each.
 */
export const disputeChanged: TWebhookHandler<Stripe.Dispute> = {
  async load(event, { stripe }) {
    const sent = event.data.object as Stripe.Dispute;
    return stripe.disputes.retrieve(sent.id);
  },

  async apply(tx, event, dispute) {
    const chargeId = idOf(dispute.charge)!;
    const piId = idOf(dispute.payment_intent);
    const [order] = await tx
      .select({ id: orders.id, customerId: orders.customerId })
      .from(orders)
      .where(piId ? inArrayOr(chargeId, piId) : eq(orders.stripeChargeId, chargeId))
      .for("update");
    if (!order) throw new RetryLaterError(`dispute ${dispute.id} on a payment not recorded (yet)`);
    const status = disputeStatusOf(dispute.status);
    const at = new Date(event.created * 1000);
    const [existing] = await tx
      .select({ id: disputes.id, status: disputes.status })
      .from(disputes)
      .where(eq(disputes.stripeDisputeId, dispute.id));
    if (!existing) {
      await tx.insert(disputes).values({
        stripeDisputeId: dispute.id,
        orderId: order.id,
        customerId: order.customerId,
        stripeChargeId: chargeId,
        status,
        reason: dispute.reason,
        amount: dispute.amount,
        currency: dispute.currency,
        openedAt: new Date(dispute.created * 1000),
        closedAt: status === "open" ? null : at,
      });
      await tx.insert(orderEvents).values({
        orderId: order.id,
        type: "disputed",
        at: new Date(dispute.created * 1000),
        data: { dispute: dispute.id, reason: dispute.reason },
      });
    } else if (existing.status === status) {
      return; // nothing new (a duplicate, or an older event re-read)
    } else {
      await tx
        .update(disputes)
        .set({ status, closedAt: status === "open" ? null : at })
        .where(eq(disputes.id, existing.id));
    }

    const items = tx.select({ id: orderItems.id }).from(orderItems).where(eq(orderItems.orderId, order.id));
    if (status === "open") {
      await tx
        .update(licenses)
        .set({ status: "suspended" })
        .where(and(inArray(licenses.orderItemId, items), eq(licenses.status, "active")));
    } else if (status === "won") {
      await tx
        .update(licenses)
        .set({ status: "active" })
        .where(and(inArray(licenses.orderItemId, items), eq(licenses.status, "suspended")));
    } else {
      await tx
        .update(licenses)
        .set({ status: "revoked", revokedAt: at, revokedReason: "disputed" })
        .where(and(inArray(licenses.orderItemId, items), inArray(licenses.status, ["active", "suspended"])));
    }
    if (status !== "open") {
      await tx.insert(orderEvents).values({
        orderId: order.id,
        type: status === "won" ? "dispute_won" : "dispute_lost",
        at,
        data: { dispute: dispute.id },
      });
    }
    await tx.insert(auditLog).values({
      actorType: "stripe",
      actorId: event.id,
      action: `order.dispute_${status}`,
      subjectType: "order",
      subjectId: order.id,
      data: { stripeDisputeId: dispute.id, reason: dispute.reason, amount: dispute.amount },
    });
  },

  async owned(_event, dispute, { stripe }) {
    return isPortalPayment(stripe, idOf(dispute.payment_intent));
  },
};

function inArrayOr(chargeId: string, piId: string) {
  return or(eq(orders.stripeChargeId, chargeId), eq(orders.stripePaymentIntentId, piId));
}
