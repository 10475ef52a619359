import { codeRegistry, type TCodeOf } from "@/lib/actions/codes";

/** Staff sign-in's codes: `staffSignIn.errors.<CODE>`. */
export const STAFF_SIGN_IN_CODES = codeRegistry("staffSignIn", [
  "EMAIL_INVALID",
  "SESSION_EXPIRED",
  "CODE_FORMAT",
  "CODE_WRONG",
  "CODE_LOCKED",
  "CODE_EXPIRED",
]);
export type TStaffSignInCode = TCodeOf<typeof STAFF_SIGN_IN_CODES>;

/** The console's codes: `staff.errors.<CODE>`, `staff.notices.<CODE>`. */
export const STAFF_CODES = codeRegistry(
  "staff",
  [
    "NOTE_REQUIRED",
    "NOTE_TOO_LONG",
    "RATE_LIMITED",
    "NO_KEYS",
    "NOTHING_SELECTED",
    "ITEM_NOT_FOUND",
    "ALREADY_REFUNDED",
    "WINDOW_CLOSED",
    "EXCEEDS_PAID",
    "PLAN_ENDED",
    "PLAN_INACTIVE",
    "STRIPE_UNAVAILABLE",
    "ALREADY_DECIDED",
    "APPROVE_UNSUPPORTED",
    "REFUND_REFUSED",
    "ATTACH_EMAIL_INVALID",
    "ATTACH_TARGET_NOT_FOUND",
    "ATTACH_SAME_ADDRESS",
    "ATTACH_NOTHING",
  ],
  [
    "KEYS_SENT",
    "KEY_REGENERATED",
    "REFUND_STARTED",
    "PLAN_CANCELLED",
    "PLAN_RESUMED",
    "APPROVED",
    "DECLINED",
  ],
);
export type TStaffCode = TCodeOf<typeof STAFF_CODES>;
