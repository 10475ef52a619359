import "server-only";
import { tsParam } from "@/db/sql";
import { and, eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { licenses, orderEvents, orderItems, subscriptions } from "@/db/schema";
import { CANCELLATION_REASONS } from "@/db/schema/subscriptions";
import { isPortalSubscription } from "../ownership";
import { periodOf, subscriptionStatusOf } from "../stripe-mapping";
import { RetryLaterError, type TWebhookHandler } from "../webhook-types";
import { recordAudit } from "@/lib/audit/record-audit";

/**
 * `customer.subscription.updated` and `.deleted`: the plan's state follows
 * Stripe's. The subscription is re-read, so events in any order, replayed or
 * shuffled, leave the state Stripe has now; an older event never rolls it back.
 */
export const subscriptionChanged: TWebhookHandler<{ sub: Stripe.Subscription; readAt: Date }> = {
  async load(event, { stripe }) {
    const sent = event.data.object as Stripe.Subscription;
    const readAt = new Date();
    try {
      return { sub: await stripe.subscriptions.retrieve(sent.id), readAt };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === "resource_missing")
        return { sub: sent, readAt };
      throw error;
    }
  },

  async apply(tx, event, { sub, readAt }) {
    const [row] = await tx
      .select({
        id: subscriptions.id,
        updatedAt: subscriptions.updatedAt,
        status: subscriptions.status,
        licenseId: subscriptions.licenseId,
        orderItemId: subscriptions.orderItemId,
        cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      })
      .from(subscriptions)
      .where(eq(subscriptions.stripeSubscriptionId, sub.id))
      .for("update");
    if (!row)
      throw new RetryLaterError(`subscription ${sub.id} is not known yet (its checkout has not arrived)`);
    // The plan changed here after Stripe was read (a cancel or resume applied meanwhile): what was read may
    // be older than what the row holds, so read Stripe again on the retry rather than roll the row back.
    if (row.updatedAt.getTime() > readAt.getTime())
      throw new RetryLaterError(`subscription ${sub.id} changed after it was read from Stripe`);

    const status = subscriptionStatusOf(sub);
    const period = periodOf(sub);
    const feedback = sub.cancellation_details?.feedback;
    const endedAt = sub.ended_at ? new Date(sub.ended_at * 1000) : null;
    await tx
      .update(subscriptions)
      .set({
        status,
        cancelAtPeriodEnd: sub.cancel_at_period_end,
        currentPeriodStart: period.start,
        currentPeriodEnd: period.end,
        canceledAt: sub.canceled_at ? new Date(sub.canceled_at * 1000) : null,
        endedAt,
        ...(feedback && (CANCELLATION_REASONS as readonly string[]).includes(feedback)
          ? { cancellationReason: feedback as (typeof CANCELLATION_REASONS)[number] }
          : {}),
        ...(sub.cancellation_details?.comment
          ? { cancellationComment: sub.cancellation_details.comment }
          : {}),
        // Resumed (in the portal or the dashboard): the plan no longer carries a reason to end.
        ...(!sub.cancel_at_period_end && status !== "canceled"
          ? { cancellationReason: null, cancellationComment: null }
          : {}),
        // Paid again (a retry went through): the failed payment is behind us.
        ...(status === "active" || status === "trialing"
          ? { paymentFailedAt: null, nextPaymentAttemptAt: null }
          : {}),
        stripeEventCreated: sql`greatest(${subscriptions.stripeEventCreated}, ${event.created})`,
        updatedAt: new Date(),
      })
      .where(eq(subscriptions.id, row.id));

    if (row.licenseId) {
      if (status === "canceled") {
        // The plan has ended: its license stops at the end of what was paid for (a plan ended
        // by failed payments: when Stripe gave up, the license having worked through the retries).
        await tx
          .update(licenses)
          .set({ status: "expired", expiresAt: endedAt ?? period.end })
          .where(and(eq(licenses.id, row.licenseId), eq(licenses.status, "active")));
      } else if (status === "unpaid") {
        // Stripe gave up collecting and left the plan unpaid: the license ends with what was paid.
        await tx
          .update(licenses)
          .set({ status: "expired", expiresAt: period.start })
          .where(and(eq(licenses.id, row.licenseId), eq(licenses.status, "active")));
      } else if (status !== "past_due") {
        // (past_due: the license keeps working while Stripe retries; it is extended once paid.)
        await tx
          .update(licenses)
          .set({ expiresAt: sql`greatest(${licenses.expiresAt}, ${tsParam(period.end)})` })
          .where(and(eq(licenses.id, row.licenseId), eq(licenses.status, "active")));
      }
    }

    if (status === "canceled" && row.status !== "canceled" && row.orderItemId) {
      const [item] = await tx
        .select({ orderId: orderItems.orderId })
        .from(orderItems)
        .where(eq(orderItems.id, row.orderItemId));
      if (item) {
        await tx.insert(orderEvents).values({
          orderId: item.orderId,
          type: "subscription_ended",
          at: endedAt ?? new Date(event.created * 1000),
          data: { subscription: sub.id },
        });
      }
      await recordAudit(tx, {
        actorType: "stripe",
        actorId: event.id,
        action: "subscription.ended",
        subjectType: "subscription",
        subjectId: row.id,
        data: { stripeSubscriptionId: sub.id },
      });
    }
  },

  async owned(_event, { sub }, { stripe }) {
    return isPortalSubscription(stripe, sub.id);
  },
};
