import type { TLocale } from "@/db/schema/shared";
import { formatDate } from "@/lib/i18n/format";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

/** A yearly plan set to end: the license works until `until`, and nothing more is charged. */
export function subscriptionCancelledMail(
  locale: TLocale,
  d: { productName: string; until: Date },
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  const until = formatDate(d.until, locale);
  const subject = t("subscriptionCancelled.subject", { vendor: s.vendorName, product: d.productName });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("greeting") },
      { kind: "p", text: t("subscriptionCancelled.body", { product: d.productName, until }) },
      { kind: "p", text: t("subscriptionCancelled.resumeHint", { until }) },
      {
        kind: "link",
        label: t("subscriptionCancelled.manage"),
        href: `${s.portalUrl}/${locale}/subscriptions`,
      },
      { kind: "p", text: t("subscriptionCancelled.notYou", { email: s.supportEmail }) },
    ],
    s,
  );
}

/** A cancelled plan resumed: it renews again on `renewsOn`. */
export function subscriptionResumedMail(
  locale: TLocale,
  d: { productName: string; renewsOn: Date },
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("subscriptionResumed.subject", { vendor: s.vendorName, product: d.productName });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("greeting") },
      {
        kind: "p",
        text: t("subscriptionResumed.body", { product: d.productName, date: formatDate(d.renewsOn, locale) }),
      },
      { kind: "p", text: t("subscriptionResumed.cancelHint") },
      {
        kind: "link",
        label: t("subscriptionResumed.manage"),
        href: `${s.portalUrl}/${locale}/subscriptions`,
      },
    ],
    s,
  );
}
