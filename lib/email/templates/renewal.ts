import type { TLocale } from "@/db/schema/shared";
import { formatDate, formatMoney } from "@/lib/i18n/format";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

export type TRenewalMail = {
  orderNumber: string;
  productName: string;
  currency: string;
  total: number;
  periodEnd: Date;
};

/** A yearly plan renewed: what was charged and until when the license now runs. */
export function renewalMail(locale: TLocale, d: TRenewalMail, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("renewal.subject", { vendor: s.vendorName, product: d.productName });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("greeting") },
      {
        kind: "p",
        text: t("renewal.body", {
          product: d.productName,
          total: formatMoney(d.total, d.currency, locale),
          until: formatDate(d.periodEnd, locale),
          orderNumber: d.orderNumber,
        }),
      },
      { kind: "p", text: t("renewal.cancelHint") },
      { kind: "button", label: t("renewal.manage"), href: `${s.portalUrl}/${locale}/subscriptions` },
    ],
    s,
  );
}
