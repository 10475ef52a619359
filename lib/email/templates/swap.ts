import type { TLocale } from "@/db/schema/shared";
import { formatMoney } from "@/lib/i18n/format";
import type { TMailBlock } from "../html";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

export type TSwapMail = {
  orderNumber: string;
  fromProduct: string;
  toProduct: string;
  keys: string[];
  downloadUrl: string | null;
  /** Signed, tax included: positive was paid, negative was refunded. */
  difference: number;
  currency: string;
  /** A yearly plan: the difference is prorated by Stripe on the plan's invoice. */
  isPlan: boolean;
};

/** The swap is done: the new key(s), that the old one stopped, and how the money was settled. */
export function swapMail(locale: TLocale, d: TSwapMail, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("swap.subject", { vendor: s.vendorName, product: d.toProduct });
  const amount = formatMoney(Math.abs(d.difference), d.currency, locale);
  const blocks: TMailBlock[] = [
    { kind: "p", text: t("greeting") },
    { kind: "p", text: t("swap.body", { from: d.fromProduct, to: d.toProduct, orderNumber: d.orderNumber }) },
    {
      kind: "p",
      text: d.isPlan
        ? t("swap.moneyPlan")
        : d.difference > 0
          ? t("swap.moneyPaid", { amount })
          : d.difference < 0
            ? t("swap.moneyRefunded", { amount })
            : t("swap.moneyEqual"),
    },
  ];
  for (const key of d.keys)
    blocks.push({ kind: "code", label: t("swap.newKey", { product: d.toProduct }), value: key });
  blocks.push({ kind: "p", text: t("swap.oldKeyStopped", { product: d.fromProduct }) });
  if (d.downloadUrl)
    blocks.push({
      kind: "link",
      label: t("delivery.download", { product: d.toProduct }),
      href: d.downloadUrl,
    });
  blocks.push({
    kind: "link",
    label: t("swap.portal"),
    href: `${s.portalUrl}/${locale}/orders/${encodeURIComponent(d.orderNumber)}`,
  });
  return composeMail(locale, subject, blocks, s);
}

export type TSwapPaymentFailedMail = {
  orderNumber: string;
  fromProduct: string;
  toProduct: string;
  /** The difference the bank refused to pay, tax included. */
  difference: number;
  currency: string;
};

/**
 * The bank refused the debit that was to pay a dearer swap's difference: nothing was charged,
 * nothing changed (the old key still works), and the swap can be started again.
 */
export function swapPaymentFailedMail(
  locale: TLocale,
  d: TSwapPaymentFailedMail,
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  return composeMail(
    locale,
    t("swap.failedSubject", { vendor: s.vendorName, product: d.toProduct }),
    [
      { kind: "p", text: t("greeting") },
      {
        kind: "p",
        text: t("swap.failedBody", {
          from: d.fromProduct,
          to: d.toProduct,
          orderNumber: d.orderNumber,
          amount: formatMoney(d.difference, d.currency, locale),
        }),
      },
      { kind: "p", text: t("swap.failedNext") },
      {
        kind: "link",
        label: t("swap.portal"),
        href: `${s.portalUrl}/${locale}/orders/${encodeURIComponent(d.orderNumber)}`,
      },
    ],
    s,
  );
}
