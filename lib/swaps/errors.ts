import { codeRegistry, type TCodeOf } from "@/lib/actions/codes";

/** The swap flow's codes: `swap.errors.<CODE>` in the catalogues. */
export const SWAP_CODES = codeRegistry(
  "swap",
  [
    "NOT_ELIGIBLE",
    "ALREADY_SWAPPED",
    "WINDOW_CLOSED",
    "TARGET_NOT_ALLOWED",
    "NOTHING_SELECTED",
    "PAYMENT_UNAVAILABLE",
    "SWAP_ENDED",
    "ALREADY_PAID",
    "QUOTE_EXPIRED",
  ],
  ["CANCELLED"],
);
export type TSwapCode = TCodeOf<typeof SWAP_CODES>;
