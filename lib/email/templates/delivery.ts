import { formatMoney } from "@/lib/i18n/format";
import type { TLocale } from "@/db/schema/shared";
import type { TMailBlock } from "../html";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

export type TDeliveryMail = {
  orderNumber: string;
  currency: string;
  total: number;
  items: { productName: string; quantity: number; keys: string[]; downloadUrl: string | null }[];
  /** The order's invoice, issued with the payment (a PDF behind the sign-in). */
  invoice?: { id: string; number: string } | null;
};

/** The mail sent as soon as an order is paid: license keys and download links. */
export function deliveryMail(locale: TLocale, data: TDeliveryMail, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("delivery.subject", { vendor: s.vendorName, orderNumber: data.orderNumber });
  const blocks: TMailBlock[] = [
    { kind: "p", text: t("greeting") },
    {
      kind: "p",
      text: t("delivery.intro", {
        orderNumber: data.orderNumber,
        total: formatMoney(data.total, data.currency, locale),
      }),
    },
  ];
  for (const item of data.items) {
    blocks.push({
      kind: "p",
      text: t("delivery.item", { product: item.productName, quantity: item.quantity }),
    });
    item.keys.forEach((key, i) =>
      blocks.push({
        kind: "code",
        label: t("delivery.keyLabel", { n: i + 1, count: item.keys.length }),
        value: key,
      }),
    );
    if (item.downloadUrl)
      blocks.push({
        kind: "link",
        label: t("delivery.download", { product: item.productName }),
        href: item.downloadUrl,
      });
  }
  if (data.invoice)
    blocks.push(
      { kind: "p", text: t("delivery.invoiceAttached", { number: data.invoice.number }) },
      {
        kind: "link",
        label: t("delivery.invoice", { number: data.invoice.number }),
        href: `${s.portalUrl}/${locale}/documents/${data.invoice.id}`,
      },
    );
  blocks.push({
    kind: "button",
    label: t("delivery.portal"),
    href: `${s.portalUrl}/${locale}/orders/${encodeURIComponent(data.orderNumber)}`,
  });
  return composeMail(locale, subject, blocks, s);
}
