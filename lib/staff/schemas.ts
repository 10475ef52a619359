import { z } from "zod";
import { safeReturnPath } from "@/lib/auth/return-path";
import { ZLocale } from "@/lib/auth/schemas";
import type { TStaffCode, TStaffSignInCode } from "./errors";

const code = (c: TStaffSignInCode) => c;

/** Where to return after a staff sign-in: a staff page only. */
export function safeStaffPath(value: unknown): string | null {
  const path = safeReturnPath(value);
  return path && /^\/[a-z]{2}\/staff(?:[/?#]|$)/.test(path) && !/\/staff\/sign-in/.test(path) ? path : null;
}

const ZStaffPath = z
  .unknown()
  .transform((v) => safeStaffPath(v) ?? undefined)
  .optional();

const ZEmail = z
  .string(code("EMAIL_INVALID"))
  .trim()
  .max(254, code("EMAIL_INVALID"))
  .pipe(z.email(code("EMAIL_INVALID")));

export const ZStaffSignIn = z.object({ email: ZEmail, locale: ZLocale, next: ZStaffPath });

/** The code typed on the check-e-mail page (address from a cookie), or from the link (address in the form). */
export const ZStaffRedeem = z.object({
  code: z.string(code("CODE_FORMAT")).max(64, code("CODE_FORMAT")),
  email: ZEmail.optional(),
  next: ZStaffPath,
  locale: ZLocale,
});

const staffCode = (c: TStaffCode) => c;

/** Every action on a customer's behalf says why, for the customer's record and the audit log. */
export const ZStaffNote = z
  .string(staffCode("NOTE_REQUIRED"))
  .transform((s) => s.replace(/\r\n?/g, "\n").trim())
  .pipe(z.string().min(1, staffCode("NOTE_REQUIRED")).max(1000, staffCode("NOTE_TOO_LONG")));

export const ZResendKeysFor = z.object({ customerId: z.uuid(), note: ZStaffNote, locale: ZLocale });
export const ZRegenerateKeyFor = ZResendKeysFor.extend({ licenseId: z.uuid() });
export const ZRefundItemFor = ZResendKeysFor.extend({ itemId: z.uuid() });
export const ZSetPlanFor = ZResendKeysFor.extend({
  subscriptionId: z.uuid(),
  step: z.enum(["cancel", "resume"]),
});

export const ZDecideRequest = z.object({
  requestId: z.uuid(),
  decision: z.enum(["approve", "decline"]),
  note: ZStaffNote,
  /** A lost-address request: the address of the account the purchases go to. */
  attachTo: z
    .string(staffCode("ATTACH_EMAIL_INVALID"))
    .trim()
    .max(254, staffCode("ATTACH_EMAIL_INVALID"))
    .refine((v) => v === "" || z.email().safeParse(v).success, staffCode("ATTACH_EMAIL_INVALID"))
    .optional()
    .transform((v) => v || undefined),
  locale: ZLocale,
});
