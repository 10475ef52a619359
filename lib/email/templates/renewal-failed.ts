import type { TLocale } from "@/db/schema/shared";
import { formatDate, formatMoney } from "@/lib/i18n/format";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

export type TRenewalFailedMail = {
  productName: string;
  currency: string;
  total: number;
  /** The portal's plan id: the button leads to the plan, where the card is updated. */
  subscriptionId: string;
  /** When Stripe tries again; null when no try is left (the plan ends). */
  nextAttempt: Date | null;
};

/** A yearly plan's renewal payment was declined: the license keeps working while we retry; update the card. */
export function renewalFailedMail(locale: TLocale, d: TRenewalFailedMail, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("renewalFailed.subject", { vendor: s.vendorName, product: d.productName });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("greeting") },
      {
        kind: "p",
        text: t("renewalFailed.body", {
          product: d.productName,
          total: formatMoney(d.total, d.currency, locale),
        }),
      },
      {
        kind: "p",
        text: d.nextAttempt
          ? t("renewalFailed.retry", { date: formatDate(d.nextAttempt, locale) })
          : t("renewalFailed.noRetry"),
      },
      {
        kind: "button",
        label: t("renewalFailed.updateCard"),
        href: `${s.portalUrl}/${locale}/subscriptions#plan-${d.subscriptionId}`,
      },
    ],
    s,
  );
}
