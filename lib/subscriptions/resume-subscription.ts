import "server-only";
import type { TDb } from "@/db/open";
import { subscriptionResumedMail } from "@/lib/email/templates/subscription";
import { runPlanStep, type TPlanStepDeps, type TPlanStepResult } from "./plan-step";

/**
 * Undoes a cancellation while the period lasts: the plan renews again on its
 * next billing date, and the reason given when cancelling is cleared in Stripe
 * (the audit log keeps it). A plan that is not set to end is a success; one
 * that has ended is PLAN_ENDED.
 */
export async function resumeSubscription(
  db: TDb,
  customerId: string,
  subscriptionId: string,
  deps: TPlanStepDeps,
): Promise<TPlanStepResult> {
  return runPlanStep(
    db,
    customerId,
    subscriptionId,
    {
      step: "resume",
      stripeParams: { cancel_at_period_end: false, cancellation_details: { feedback: "", comment: "" } },
      mail: (locale, d, s) =>
        subscriptionResumedMail(locale, { productName: d.productName, renewsOn: d.periodEnd }, s),
    },
    deps,
  );
}
