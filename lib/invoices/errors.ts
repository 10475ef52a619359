import { codeRegistry, type TCodeOf } from "@/lib/actions/codes";

/** The buyer's details form: `billingDetails.errors.<CODE>`, `billingDetails.notices.<CODE>`. */
export const BILLING_CODES = codeRegistry(
  "billingDetails",
  [
    "COMPANY_TOO_LONG",
    "ADDRESS_TOO_LONG",
    "COUNTRY_REQUIRED",
    "VAT_ID_INVALID",
    "VAT_ID_COUNTRY",
    "VAT_ID_LOCKED",
    "UNCHANGED",
    "NOTHING_TO_CORRECT",
    "STRIPE_UNAVAILABLE",
  ],
  ["CORRECTED"],
);
export type TBillingCode = TCodeOf<typeof BILLING_CODES>;
