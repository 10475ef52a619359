import { codeRegistry, type TCodeOf } from "@/lib/actions/codes";

/** "Changed e-mail" codes: `attach.errors.<CODE>` in the catalogues. */
export const ATTACH_CODES = codeRegistry("attach", [
  "EMAIL_INVALID",
  "SAME_ADDRESS",
  "RATE_LIMITED",
  "WRONG_CODE",
  "CODE_FORMAT",
]);
export type TAttachCode = TCodeOf<typeof ATTACH_CODES>;
