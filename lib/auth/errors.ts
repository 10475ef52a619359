import { codeRegistry, type TCodeOf } from "@/lib/actions/codes";

/** Sign-in's codes: `signIn.errors.<CODE>` in the catalogues. */
export const SIGN_IN_CODES = codeRegistry("signIn", [
  "EMAIL_INVALID",
  "SESSION_EXPIRED",
  "CODE_FORMAT",
  "CODE_WRONG",
  "CODE_LOCKED",
  "CODE_EXPIRED",
]);
export type TSignInCode = TCodeOf<typeof SIGN_IN_CODES>;
