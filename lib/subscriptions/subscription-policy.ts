import type { SUBSCRIPTION_STATUSES } from "@/db/schema/subscriptions";

/** Why a yearly plan cannot be cancelled or resumed right now (translated in the UI). */
export const SUBSCRIPTION_POLICY_CODES = [
  "ALREADY_CANCELLED",
  "NOT_CANCELLED",
  "PLAN_ENDED",
  "PLAN_INACTIVE",
] as const;
export type TSubscriptionPolicyCode = (typeof SUBSCRIPTION_POLICY_CODES)[number];

export type TPolicySubscription = {
  status: (typeof SUBSCRIPTION_STATUSES)[number];
  cancelAtPeriodEnd: boolean;
  currentPeriodEnd: Date;
};

export type TPolicyResult = { ok: true } | { ok: false; code: TSubscriptionPolicyCode };

/** Statuses in which the plan still renews and so can be told not to. */
const CANCELLABLE = new Set<TPolicySubscription["status"]>(["active", "trialing", "past_due"]);
/** Statuses Stripe never leaves: the plan is over. */
const FINAL = new Set<TPolicySubscription["status"]>(["canceled", "incomplete_expired"]);

/** The plan is over: Stripe ended it, or the period paid for is behind us. */
export function hasEnded(sub: TPolicySubscription, now: Date): boolean {
  return FINAL.has(sub.status) || now.getTime() >= sub.currentPeriodEnd.getTime();
}

/** Cancel at period end: a renewing plan whose period has not ended and that is not already set to end. */
export function canCancel(sub: TPolicySubscription, now: Date): TPolicyResult {
  if (hasEnded(sub, now)) return { ok: false, code: "PLAN_ENDED" };
  if (sub.cancelAtPeriodEnd) return { ok: false, code: "ALREADY_CANCELLED" };
  if (!CANCELLABLE.has(sub.status)) return { ok: false, code: "PLAN_INACTIVE" };
  return { ok: true };
}

/** Resume: undo a cancellation while the period it ends lasts. */
export function canResume(sub: TPolicySubscription, now: Date): TPolicyResult {
  if (hasEnded(sub, now)) return { ok: false, code: "PLAN_ENDED" };
  if (!sub.cancelAtPeriodEnd) return { ok: false, code: "NOT_CANCELLED" };
  return { ok: true };
}

/** What the plan's card offers, as the server decides it. */
export function availableAction(sub: TPolicySubscription, now: Date): "cancel" | "resume" | null {
  if (canCancel(sub, now).ok) return "cancel";
  if (canResume(sub, now).ok) return "resume";
  return null;
}

/** How the plan reads to the customer. */
export type TPlanState = "renewing" | "cancelling" | "ended" | "pastDue" | "inactive";

export function planState(sub: TPolicySubscription, now: Date): TPlanState {
  if (hasEnded(sub, now)) return "ended";
  if (sub.cancelAtPeriodEnd) return "cancelling";
  if (sub.status === "active" || sub.status === "trialing") return "renewing";
  if (sub.status === "past_due") return "pastDue";
  return "inactive";
}

export type TPortalStep = "cancel" | "resume";

/**
 * The Stripe idempotency key of one cancel or resume step. `generation` is the
 * number of cancel/resume steps the portal has applied to this plan so far
 * (its audit rows), so:
 * - two tabs or a double click submitting the same step see the same
 *   generation and send the same key: Stripe acts once and replays the answer;
 * - cancel → resume → cancel again are three generations, three keys, so the
 *   second cancel is a real request and not a replay of the first;
 * - webhooks do not move it (unlike the row's updatedAt), so a webhook landing
 *   between two submissions of one step cannot split them into two keys.
 */
export function idempotencyKeyOf(step: TPortalStep, subscriptionId: string, generation: number): string {
  return `sub-${step}:${subscriptionId}:${generation}`;
}
