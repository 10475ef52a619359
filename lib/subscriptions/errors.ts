import { codeRegistry, type TCodeOf } from "@/lib/actions/codes";

/** Yearly plans' codes: `subscriptions.errors.<CODE>`, `subscriptions.notices.<CODE>`. */
export const SUBSCRIPTION_CODES = codeRegistry(
  "subscriptions",
  [
    "PLAN_ENDED",
    "PLAN_INACTIVE",
    "STRIPE_UNAVAILABLE",
    "REASON_REQUIRED",
    "COMMENT_TOO_LONG",
    "NOTHING_TO_PAY",
  ],
  ["CANCELLED", "RESUMED", "CARD_UPDATED"],
);
export type TSubscriptionCode = TCodeOf<typeof SUBSCRIPTION_CODES>;
