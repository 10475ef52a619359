import type { TLocale } from "@/db/schema/shared";
import { formatMoney } from "@/lib/i18n/format";
import type { TMailBlock } from "../html";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

export type TVatRefundedMail = {
  orderNumber: string;
  amount: number;
  currency: string;
  /** Cancels the invoice that charged VAT (attached). */
  creditNote: { id: string; number: string };
  /** The reverse-charge invoice replacing it (attached). */
  invoice: { id: string; number: string };
};

/** The buyer's VAT ID was verified: the VAT is refunded, the order is reverse-charge; both documents attached. */
export function vatRefundedMail(locale: TLocale, d: TVatRefundedMail, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("vatRefunded.subject", { vendor: s.vendorName, orderNumber: d.orderNumber });
  const blocks: TMailBlock[] = [
    { kind: "p", text: t("greeting") },
    {
      kind: "p",
      text: t("vatRefunded.body", {
        orderNumber: d.orderNumber,
        amount: formatMoney(d.amount, d.currency, locale),
      }),
    },
    {
      kind: "p",
      text: t("vatRefunded.documents", { creditNote: d.creditNote.number, invoice: d.invoice.number }),
    },
    {
      kind: "link",
      label: t("vatRefunded.invoice", { number: d.invoice.number }),
      href: `${s.portalUrl}/${locale}/documents/${d.invoice.id}`,
    },
    {
      kind: "link",
      label: t("vatRefunded.creditNote", { number: d.creditNote.number }),
      href: `${s.portalUrl}/${locale}/documents/${d.creditNote.id}`,
    },
    {
      kind: "button",
      label: t("delivery.portal"),
      href: `${s.portalUrl}/${locale}/orders/${encodeURIComponent(d.orderNumber)}`,
    },
  ];
  return composeMail(locale, subject, blocks, s);
}
