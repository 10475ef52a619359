import { SIGN_IN_CODES } from "@/lib/auth/errors";
import { ATTACH_CODES } from "@/lib/customers/errors";
import { LICENSE_CODES } from "@/lib/licenses/errors";
import { REFUND_CODES } from "@/lib/refunds/errors";
import { SUBSCRIPTION_CODES } from "@/lib/subscriptions/errors";
import { LOST_ADDRESS_CODES } from "@/lib/support/errors";
import { STAFF_CODES, STAFF_SIGN_IN_CODES } from "@/lib/staff/errors";
import { SWAP_CODES } from "@/lib/swaps/errors";
import { BILLING_CODES } from "@/lib/invoices/errors";

/** Every domain's code registry, for the test that holds them against the catalogues. */
export const CODE_REGISTRIES = [
  SIGN_IN_CODES,
  ATTACH_CODES,
  LICENSE_CODES,
  REFUND_CODES,
  SUBSCRIPTION_CODES,
  LOST_ADDRESS_CODES,
  SWAP_CODES,
  STAFF_SIGN_IN_CODES,
  STAFF_CODES,
  BILLING_CODES,
];
