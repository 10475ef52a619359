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
