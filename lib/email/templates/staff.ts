import type { TLocale } from "@/db/schema/shared";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

/** A staff member's sign-in: a link and a code to the support console. */
export function staffSignInMail(
  locale: TLocale,
  d: { link: string; code: string; minutes: number },
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("staffSignIn.subject", { vendor: s.vendorName, code: d.code });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("staffSignIn.intro", { vendor: s.vendorName }) },
      { kind: "link", label: t("staffSignIn.button"), href: d.link },
      { kind: "code", label: t("signIn.codeLabel"), value: d.code },
      { kind: "p", text: t("signIn.expiry", { minutes: d.minutes }) },
      { kind: "p", text: t("signIn.notYou") },
    ],
    s,
  );
}
