import { z } from "zod";
import { ZLocale } from "@/lib/auth/schemas";

/** Step one of "changed e-mail": the other address, where the code goes. */
export const ZRequestAddressClaim = z.object({
  email: z.string().trim().max(254, "EMAIL_INVALID").pipe(z.email("EMAIL_INVALID")),
  locale: ZLocale,
});
export type TRequestAddressClaim = z.infer<typeof ZRequestAddressClaim>;

/** Step two: the code typed for one claim. The code's own format is checked by normalizeSignInCode. */
export const ZConfirmAddressClaim = z.object({
  claimId: z.uuid(),
  code: z.string().max(64),
  locale: ZLocale,
});
export type TConfirmAddressClaim = z.infer<typeof ZConfirmAddressClaim>;
