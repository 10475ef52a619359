import { z } from "zod";
import { ZLocale } from "@/lib/auth/schemas";
import type { TAttachCode } from "./errors";

const code = (c: TAttachCode) => c;

/** Step one of "changed e-mail": the other address, where the code goes. */
export const ZRequestAddressClaim = z.object({
  email: z
    .string(code("EMAIL_INVALID"))
    .trim()
    .max(254, code("EMAIL_INVALID"))
    .pipe(z.email(code("EMAIL_INVALID"))),
  locale: ZLocale,
});
export type TRequestAddressClaim = z.infer<typeof ZRequestAddressClaim>;

/** Step two: the code typed for one claim. The code's own format is checked by normalizeSignInCode. */
export const ZConfirmAddressClaim = z.object({
  claimId: z.uuid(),
  code: z.string(code("CODE_FORMAT")).max(64, code("CODE_FORMAT")),
  locale: ZLocale,
});
export type TConfirmAddressClaim = z.infer<typeof ZConfirmAddressClaim>;
