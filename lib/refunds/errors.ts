import { codeRegistry, type TCodeOf } from "@/lib/actions/codes";

/** The refund flow's codes: `refund.errors.<CODE>`, `refund.notices.<CODE>` in the catalogues. */
export const REFUND_CODES = codeRegistry(
  "refund",
  [
    "NOTHING_SELECTED",
    "REASON_REQUIRED",
    "REASON_TOO_LONG",
    "EXPLANATION_REQUIRED",
    "ALREADY_REFUNDED",
    "WINDOW_CLOSED",
    "EXCEEDS_PAID",
    "RATE_LIMITED",
    "NOTHING_TO_REFUND",
  ],
  ["EXCEPTION_SENT"],
);
export type TRefundCode = TCodeOf<typeof REFUND_CODES>;
