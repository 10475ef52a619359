import type { TLocale } from "@/db/schema/shared";
import { formatDate, formatMoney } from "@/lib/i18n/format";
import type { TMailBlock } from "../html";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

export type TRenewalMail = {
  orderNumber: string;
  productName: string;
  currency: string;
  total: number;
  periodEnd: Date;
  /** The renewal's invoice (attached to the mail, and downloadable behind the sign-in). */
  invoice?: { id: string; number: string } | null;
};

/** A yearly plan renewed: what was charged and until when the license now runs. */
export function renewalMail(locale: TLocale, d: TRenewalMail, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("renewal.subject", { vendor: s.vendorName, product: d.productName });
  const invoice: TMailBlock[] = d.invoice
    ? [
        { kind: "p", text: t("delivery.invoiceAttached", { number: d.invoice.number }) },
        {
          kind: "link",
          label: t("delivery.invoice", { number: d.invoice.number }),
          href: `${s.portalUrl}/${locale}/documents/${d.invoice.id}`,
        },
      ]
    : [];
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
      ...invoice,
      { kind: "p", text: t("renewal.cancelHint") },
      { kind: "button", label: t("renewal.manage"), href: `${s.portalUrl}/${locale}/subscriptions` },
    ],
    s,
  );
}
