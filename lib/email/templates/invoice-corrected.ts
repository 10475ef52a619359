import type { TLocale } from "@/db/schema/shared";
import type { TMailBlock } from "../html";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

export type TInvoiceCorrectedMail = {
  orderNumber: string;
  /** Per corrected invoice: the credit note cancelling it and the invoice replacing it (both attached). */
  documents: { creditNote: { id: string; number: string }; invoice: { id: string; number: string } }[];
};

/** The buyer corrected their details: the credit note and the corrected invoice, linked and attached. */
export function invoiceCorrectedMail(
  locale: TLocale,
  d: TInvoiceCorrectedMail,
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("invoiceCorrected.subject", { vendor: s.vendorName, orderNumber: d.orderNumber });
  const blocks: TMailBlock[] = [
    { kind: "p", text: t("greeting") },
    { kind: "p", text: t("invoiceCorrected.body", { orderNumber: d.orderNumber }) },
  ];
  for (const doc of d.documents) {
    blocks.push(
      {
        kind: "link",
        label: t("invoiceCorrected.invoice", { number: doc.invoice.number }),
        href: `${s.portalUrl}/${locale}/documents/${doc.invoice.id}`,
      },
      {
        kind: "link",
        label: t("invoiceCorrected.creditNote", { number: doc.creditNote.number }),
        href: `${s.portalUrl}/${locale}/documents/${doc.creditNote.id}`,
      },
    );
  }
  blocks.push({
    kind: "button",
    label: t("delivery.portal"),
    href: `${s.portalUrl}/${locale}/orders/${encodeURIComponent(d.orderNumber)}`,
  });
  return composeMail(locale, subject, blocks, s);
}
