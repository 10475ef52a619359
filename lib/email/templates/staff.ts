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
  // Never the code in the subject: notification previews and mail lists show subjects to anyone nearby.
  const subject = t("staffSignIn.subject", { vendor: s.vendorName });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("staffSignIn.intro", { vendor: s.vendorName }) },
      { kind: "button", label: t("staffSignIn.button"), href: d.link },
      { kind: "code", label: t("signIn.codeLabel"), value: d.code },
      { kind: "p", text: t("signIn.expiry", { minutes: d.minutes }) },
      { kind: "p", text: t("signIn.notYou") },
    ],
    s,
  );
}

/** Support's answer to a request, with the agent's note, in the customer's language. */
export function supportDecisionMail(
  locale: TLocale,
  d: { approved: boolean; kind: string; orderNumber: string | null; note: string },
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  const what =
    d.kind === "refund_exception" && d.orderNumber
      ? t("supportDecision.refundOf", { orderNumber: d.orderNumber })
      : t("supportDecision.lostAddress");
  const subject = t(d.approved ? "supportDecision.approvedSubject" : "supportDecision.declinedSubject", {
    vendor: s.vendorName,
    what,
  });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("greeting") },
      {
        kind: "p",
        text: t(d.approved ? "supportDecision.approvedBody" : "supportDecision.declinedBody", { what }),
      },
      { kind: "p", text: t("supportDecision.noteIntro") },
      { kind: "p", text: d.note },
    ],
    s,
  );
}
