import "server-only";
import type { TDb } from "@/db/open";
import { subscriptionCancelledMail } from "@/lib/email/templates/subscription";
import { runPlanStep, type TPlanStepDeps, type TPlanStepResult } from "./plan-step";
import type { TCancelSubscription } from "./schemas";

/**
 * Cancels a yearly plan at the end of the period paid for: Stripe stops
 * renewing it and records the customer's reason; the license keeps working
 * until then. Another customer's plan is NOT_FOUND, exactly like a missing one.
 * A plan already set to end is a success (a second tab or a double click), and
 * Stripe is asked once.
 */
export async function cancelSubscription(
  db: TDb,
  customerId: string,
  input: Omit<TCancelSubscription, "locale">,
  deps: TPlanStepDeps,
): Promise<TPlanStepResult> {
  return runPlanStep(
    db,
    customerId,
    input.subscriptionId,
    {
      step: "cancel",
      stripeParams: {
        cancel_at_period_end: true,
        cancellation_details: { feedback: input.reason, comment: input.comment ?? "" },
      },
      mail: (locale, d, s) =>
        subscriptionCancelledMail(locale, { productName: d.productName, until: d.periodEnd }, s),
    },
    deps,
  );
}
