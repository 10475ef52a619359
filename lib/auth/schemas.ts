import { z } from "zod";
import { routing } from "@/lib/i18n/routing";
import { safeReturnPath } from "./return-path";
import type { TSignInCode } from "./errors";

const code = (c: TSignInCode) => c;

export const ZLocale = z.enum(routing.locales);

/** Where to return after signing in; anything that is not a path of the portal is dropped. */
const ZReturnPath = z
  .unknown()
  .transform((v) => safeReturnPath(v) ?? undefined)
  .optional();

export const ZRequestSignIn = z.object({
  email: z
    .string(code("EMAIL_INVALID"))
    .trim()
    .max(254, code("EMAIL_INVALID"))
    .pipe(z.email(code("EMAIL_INVALID"))),
  locale: ZLocale,
  next: ZReturnPath,
});
export type TRequestSignIn = z.infer<typeof ZRequestSignIn>;

export const ZRedeemCode = z.object({
  code: z.string(code("CODE_FORMAT")).max(64, code("CODE_FORMAT")),
  locale: ZLocale,
});
