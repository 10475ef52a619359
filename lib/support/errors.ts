import { codeRegistry, type TCodeOf } from "@/lib/actions/codes";

/** The lost-address request's codes: `lostAddress.errors.<CODE>`, `lostAddress.notices.<CODE>`. */
export const LOST_ADDRESS_CODES = codeRegistry(
  "lostAddress",
  [
    "EMAIL_INVALID",
    "SAME_ADDRESS",
    "ORDER_NUMBERS_INVALID",
    "DETAILS_MISSING",
    "DATE_INVALID",
    "AMOUNT_INVALID",
    "MESSAGE_TOO_LONG",
    "RATE_LIMITED",
  ],
  ["SENT"],
);
export type TLostAddressCode = TCodeOf<typeof LOST_ADDRESS_CODES>;
