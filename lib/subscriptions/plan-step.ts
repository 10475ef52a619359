import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import Stripe from "stripe";
import type { TDb, TTx } from "@/db/open";
import { auditActorOf, type TAuditActor } from "@/lib/audit/actor";
import { auditLog, customers, orderEvents, orderItems, products, subscriptions } from "@/db/schema";
import { CANCELLATION_REASONS } from "@/db/schema/subscriptions";
import type { TLocale } from "@/db/schema/shared";
import { enqueueMail } from "@/lib/email/outbox";
import type { TMailContent, TMailSettings } from "@/lib/email/templates/types";
import { productName } from "@/lib/orders/queries";
import { periodOf, subscriptionStatusOf } from "@/lib/stripe/stripe-mapping";
import {
  canCancel,
  canResume,
  idempotencyKeyOf,
  type TPolicySubscription,
  type TPortalStep,
} from "./subscription-policy";
import { logger } from "@/lib/log/logger";
import { recordAudit } from "@/lib/audit/record-audit";

/** `actor`: a staff member acting for the customer; the customer otherwise. */
export type TPlanStepDeps = { stripe: Stripe; mail: TMailSettings; now?: () => Date; actor?: TAuditActor };

export type TPlanStepResult =
  | { ok: true; already: boolean; periodEnd: Date }
  | { ok: false; code: "NOT_FOUND" | "PLAN_ENDED" | "PLAN_INACTIVE" | "STRIPE_UNAVAILABLE" };

type TCancellationReason = (typeof CANCELLATION_REASONS)[number];

type TStepSpec = {
  step: TPortalStep;
  stripeParams: Stripe.SubscriptionUpdateParams;
  /** The mail confirming the step, in the customer's language. */
  mail: (locale: TLocale, d: { productName: string; periodEnd: Date }, s: TMailSettings) => TMailContent;
};

const APPLIED = { cancel: "subscription.cancelled", resume: "subscription.resumed" } as const;
const REQUESTED = {
  cancel: "subscription.cancel_requested",
  resume: "subscription.resume_requested",
} as const;
const TIMELINE = { cancel: "subscription_cancelled", resume: "subscription_resumed" } as const;

/**
 * One cancel or resume of a yearly plan, in three phases so that no database
 * transaction waits on Stripe (PGlite runs one transaction at a time):
 *
 * 1. lock the customer's row, check the policy, derive the idempotency key and
 *    record the request under it (audit row), commit;
 * 2. call Stripe with that key;
 * 3. in one transaction apply Stripe's answer: the row, the order's timeline,
 *    the audit row and the confirmation mail, unless another request under the
 *    same key already did.
 *
 * The key's generation is the number of steps already applied to this plan, so
 * a double submit reuses the key (Stripe acts once) while cancel → resume →
 * cancel are distinct requests. When the plan is already in the wanted state,
 * the step is a success without a Stripe call, unless a request under the
 * current key is on record and was never applied: its answer was lost (Stripe
 * acted and then failed, or the process stopped), and repeating the call under
 * the same key replays it so the confirmation is not lost either. When Stripe's
 * answer is lost in the first place (a 500 after the work, a timeout), the
 * subscription is read back at once: if it is in the wanted state the step is
 * applied (row, timeline, one mail) and the customer is told it is done.
 */
export async function runPlanStep(
  db: TDb,
  customerId: string,
  subscriptionId: string,
  spec: TStepSpec,
  deps: TPlanStepDeps,
): Promise<TPlanStepResult> {
  const now = deps.now?.() ?? new Date();
  const wantCancel = spec.step === "cancel";

  const prepared = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        stripeSubscriptionId: subscriptions.stripeSubscriptionId,
        status: subscriptions.status,
        cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
        currentPeriodEnd: subscriptions.currentPeriodEnd,
      })
      .from(subscriptions)
      .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.customerId, customerId)))
      .for("update");
    if (!row) return { kind: "refused", code: "NOT_FOUND" } as const;
    const verdict = (wantCancel ? canCancel : canResume)(row satisfies TPolicySubscription, now);
    const key = idempotencyKeyOf(spec.step, subscriptionId, await appliedSteps(tx, subscriptionId));
    const requested = await hasAudit(tx, subscriptionId, REQUESTED[spec.step], key);
    if (!verdict.ok) {
      if (verdict.code !== "ALREADY_CANCELLED" && verdict.code !== "NOT_CANCELLED")
        return { kind: "refused", code: verdict.code } as const;
      // Already in the wanted state: done, unless this key's answer was lost (see above).
      if (!requested) return { kind: "already", periodEnd: row.currentPeriodEnd } as const;
    } else if (!requested) {
      const who = auditActorOf(deps.actor, customerId);
      await recordAudit(tx, {
        actorType: who.actorType,
        actorId: who.actorId,
        action: REQUESTED[spec.step],
        subjectType: "subscription",
        subjectId: subscriptionId,
        data: { idempotencyKey: key, stripeSubscriptionId: row.stripeSubscriptionId, ...who.note },
      });
    }
    return { kind: "call", key, stripeId: row.stripeSubscriptionId } as const;
  });
  if (prepared.kind === "refused") return { ok: false, code: prepared.code };
  if (prepared.kind === "already") return { ok: true, already: true, periodEnd: prepared.periodEnd };

  const answer = await callStripe(
    deps.stripe,
    prepared.stripeId,
    spec.stripeParams,
    prepared.key,
    wantCancel,
  );
  if (!answer.ok) return answer;
  return db.transaction((tx) =>
    applyAnswer(tx, customerId, subscriptionId, spec, prepared.key, answer.sub, deps.mail, deps.actor),
  );
}

async function appliedSteps(tx: TTx, subscriptionId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.subjectType, "subscription"),
        eq(auditLog.subjectId, subscriptionId),
        inArray(auditLog.action, [APPLIED.cancel, APPLIED.resume]),
      ),
    );
  return row?.n ?? 0;
}

async function hasAudit(tx: TTx, subscriptionId: string, action: string, key: string): Promise<boolean> {
  const rows = await tx
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.subjectType, "subscription"),
        eq(auditLog.subjectId, subscriptionId),
        eq(auditLog.action, action),
        sql`${auditLog.data}->>'idempotencyKey' = ${key}`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Stripe's answer, or what the customer is told: the plan has ended, or try again. */
async function callStripe(
  stripe: Stripe,
  stripeId: string,
  params: Stripe.SubscriptionUpdateParams,
  idempotencyKey: string,
  wantCancel: boolean,
): Promise<
  { ok: true; sub: Stripe.Subscription } | { ok: false; code: "PLAN_ENDED" | "STRIPE_UNAVAILABLE" }
> {
  try {
    return { ok: true, sub: await stripe.subscriptions.update(stripeId, params, { idempotencyKey }) };
  } catch (error) {
    const conflict =
      error instanceof Stripe.errors.StripeIdempotencyError ||
      (error instanceof Stripe.errors.StripeError && error.code === "idempotency_key_in_use");
    const refused = error instanceof Stripe.errors.StripeInvalidRequestError;
    if (!conflict && !refused) {
      logger().error({ err: error }, "subscription update failed");
      // No answer (a 500, a timeout, a dropped connection): Stripe may well have done the work. Its
      // current state is the truth, so the customer is told what happened and confirmed once.
      return reconcile(stripe, stripeId, wantCancel);
    }
    // A conflict: another request under this key (a second tab, with another reason) got there
    // first. A refusal: most likely the plan ended in Stripe before its webhook reached us.
    // Either way Stripe's current state decides.
    try {
      const sub = await stripe.subscriptions.retrieve(stripeId);
      if (sub.status === "canceled" || sub.status === "incomplete_expired")
        return { ok: false, code: "PLAN_ENDED" };
      if (conflict && sub.cancel_at_period_end === wantCancel) return { ok: true, sub };
    } catch (retrieveError) {
      logger().error({ err: retrieveError }, "subscription retrieve failed");
    }
    logger().error({ err: error }, "subscription update refused");
    return { ok: false, code: "STRIPE_UNAVAILABLE" };
  }
}

/**
 * After an update whose answer was lost: reads the subscription back. Already in the wanted state
 * (and still running): the step is done, and is applied like Stripe's own answer. Otherwise (or if
 * Stripe cannot be read either) nothing changed, and the customer may try again.
 */
async function reconcile(
  stripe: Stripe,
  stripeId: string,
  wantCancel: boolean,
): Promise<
  { ok: true; sub: Stripe.Subscription } | { ok: false; code: "PLAN_ENDED" | "STRIPE_UNAVAILABLE" }
> {
  try {
    const sub = await stripe.subscriptions.retrieve(stripeId);
    if (sub.status === "canceled" || sub.status === "incomplete_expired")
      return { ok: false, code: "PLAN_ENDED" };
    if (sub.cancel_at_period_end === wantCancel) return { ok: true, sub };
  } catch (error) {
    logger().error({ err: error }, "subscription read-back failed");
  }
  return { ok: false, code: "STRIPE_UNAVAILABLE" };
}

function reasonOf(sub: Stripe.Subscription): TCancellationReason | null {
  const feedback = sub.cancellation_details?.feedback;
  return feedback && (CANCELLATION_REASONS as readonly string[]).includes(feedback)
    ? (feedback as TCancellationReason)
    : null;
}

async function applyAnswer(
  tx: TTx,
  customerId: string,
  subscriptionId: string,
  spec: TStepSpec,
  key: string,
  sub: Stripe.Subscription,
  mailSettings: TMailSettings,
  actor: TAuditActor | undefined,
): Promise<TPlanStepResult> {
  const [row] = await tx
    .select({ orderItemId: subscriptions.orderItemId, productId: subscriptions.productId })
    .from(subscriptions)
    .where(and(eq(subscriptions.id, subscriptionId), eq(subscriptions.customerId, customerId)))
    .for("update");
  if (!row) return { ok: false, code: "NOT_FOUND" };
  const period = periodOf(sub);
  // The first of several requests under one key to get here records the step; the others were the same step.
  if (await hasAudit(tx, subscriptionId, APPLIED[spec.step], key))
    return { ok: true, already: true, periodEnd: period.end };

  const isCancel = spec.step === "cancel";
  const reason = isCancel ? reasonOf(sub) : null;
  const comment = isCancel ? sub.cancellation_details?.comment || null : null;
  await tx
    .update(subscriptions)
    .set({
      status: subscriptionStatusOf(sub),
      cancelAtPeriodEnd: sub.cancel_at_period_end,
      currentPeriodStart: period.start,
      currentPeriodEnd: period.end,
      canceledAt: sub.canceled_at ? new Date(sub.canceled_at * 1000) : null,
      // The support chart reads reasons from here; a resumed plan is no longer a cancellation
      // (the audit row below keeps what was said and when).
      cancellationReason: reason,
      cancellationComment: comment,
      updatedAt: new Date(),
    })
    .where(eq(subscriptions.id, subscriptionId));

  const data = {
    stripeSubscriptionId: sub.id,
    periodEnd: period.end.toISOString(),
    ...(isCancel ? { reason } : {}),
  };
  if (row.orderItemId) {
    const [item] = await tx
      .select({ orderId: orderItems.orderId })
      .from(orderItems)
      .where(eq(orderItems.id, row.orderItemId));
    if (item) await tx.insert(orderEvents).values({ orderId: item.orderId, type: TIMELINE[spec.step], data });
  }
  const who = auditActorOf(actor, customerId);
  await recordAudit(tx, {
    actorType: who.actorType,
    actorId: who.actorId,
    action: APPLIED[spec.step],
    subjectType: "subscription",
    subjectId: subscriptionId,
    data: { ...data, idempotencyKey: key, ...(isCancel ? { comment } : {}), ...who.note },
  });

  const [customer] = await tx
    .select({ email: customers.email, locale: customers.locale })
    .from(customers)
    .where(eq(customers.id, customerId));
  const [product] = await tx
    .select({ name: products.name, localizedNames: products.localizedNames })
    .from(products)
    .where(eq(products.id, row.productId));
  const locale = customer!.locale as TLocale;
  await enqueueMail(tx, {
    to: customer!.email,
    locale,
    template: isCancel ? "subscription-cancelled" : "subscription-resumed",
    dedupeKey: key,
    content: spec.mail(
      locale,
      { productName: productName(product!, locale), periodEnd: period.end },
      mailSettings,
    ),
  });
  return { ok: true, already: false, periodEnd: period.end };
}
