import type { TLocale } from "@/db/schema/shared";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

/** One mail, a link and a code: the code is for reading the mail on another device. */
export function signInMail(
  locale: TLocale,
  d: { link: string; code: string; minutes: number },
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  // Never the code in the subject: notification previews and mail lists show subjects to anyone nearby.
  const subject = t("signIn.subject", { vendor: s.vendorName });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("greeting") },
      { kind: "p", text: t("signIn.intro", { vendor: s.vendorName }) },
      { kind: "button", label: t("signIn.button"), href: d.link },
      { kind: "code", label: t("signIn.codeLabel"), value: d.code },
      { kind: "p", text: t("signIn.expiry", { minutes: d.minutes }) },
      { kind: "p", text: t("signIn.notYou") },
    ],
    s,
  );
}

/** Sent instead of a link when no purchase was made with the address: says so, and how to find the right one. */
export function noPurchasesMail(locale: TLocale, d: { email: string }, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("noPurchases.subject", { vendor: s.vendorName });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("greeting") },
      { kind: "p", text: t("noPurchases.body", { email: d.email, vendor: s.vendorName }) },
      {
        kind: "list",
        items: [
          t("noPurchases.tip1"),
          t("noPurchases.tip2"),
          t("noPurchases.tip3", { email: s.supportEmail }),
        ],
      },
      { kind: "p", text: t("signIn.notYou") },
    ],
    s,
  );
}
