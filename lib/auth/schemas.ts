import { z } from "zod";
import { routing } from "@/lib/i18n/routing";

export const ZLocale = z.enum(routing.locales);

export const ZRequestSignIn = z.object({
  email: z.string().trim().max(254, "EMAIL_INVALID").pipe(z.email("EMAIL_INVALID")),
  locale: ZLocale,
});
export type TRequestSignIn = z.infer<typeof ZRequestSignIn>;

export const ZRedeemCode = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  code: z.string().max(64),
  locale: ZLocale,
});
