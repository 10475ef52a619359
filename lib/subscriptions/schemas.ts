import { z } from "zod";
import { CANCELLATION_REASONS } from "@/db/schema/subscriptions";
import { ZLocale } from "@/lib/auth/schemas";
import type { TSubscriptionCode } from "./errors";

const code = (c: TSubscriptionCode) => c;

export const COMMENT_MAX = 1000;

/** Stripe's `cancellation_details.feedback` values, in the order the form lists them. */
export const CANCELLATION_REASON_ORDER = [
  "too_expensive",
  "missing_features",
  "switched_service",
  "unused",
  "customer_service",
  "low_quality",
  "too_complex",
  "other",
] as const satisfies readonly (typeof CANCELLATION_REASONS)[number][];

export const ZCancellationReason = z.enum(CANCELLATION_REASONS, { error: code("REASON_REQUIRED") });

/** Free text; a browser sends textarea line breaks as CRLF but counts them as one character. */
export const ZCancellationComment = z
  .string({ error: code("COMMENT_TOO_LONG") })
  .transform((s) => s.replace(/\r\n?/g, "\n").trim())
  .pipe(z.string().max(COMMENT_MAX, code("COMMENT_TOO_LONG")))
  .transform((s) => (s === "" ? null : s));

/** Why the customer leaves: one of Stripe's reasons, and a comment of their own. */
export const ZCancellationAnswer = z.object({
  reason: ZCancellationReason,
  comment: ZCancellationComment,
});

export const ZCancelSubscription = ZCancellationAnswer.extend({
  subscriptionId: z.uuid(),
  locale: ZLocale,
});
export type TCancelSubscription = z.infer<typeof ZCancelSubscription>;

export const ZResumeSubscription = z.object({ subscriptionId: z.uuid(), locale: ZLocale });

export const ZUpdateCard = z.object({ subscriptionId: z.uuid(), locale: ZLocale });
