import type { TLocale } from "@/db/schema/shared";
import { formatDateTime, formatMoney } from "@/lib/i18n/format";
import type { TMailBlock } from "../html";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

export type TRefundConfirmed = {
  orderNumber: string;
  amount: number;
  currency: string;
  isWithdrawal: boolean;
  /** When the customer confirmed: for an EU withdrawal, the date and time of the withdrawal. */
  withdrawnAt: Date;
  revokedProducts: string[];
  /** The refund's credit note (attached to the mail, and downloadable behind the sign-in). */
  creditNote: { id: string; number: string };
};

export function refundConfirmedMail(locale: TLocale, d: TRefundConfirmed, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  const amount = formatMoney(d.amount, d.currency, locale);
  const subject = d.isWithdrawal
    ? t("refund.withdrawalSubject", { vendor: s.vendorName, orderNumber: d.orderNumber })
    : t("refund.subject", { vendor: s.vendorName, orderNumber: d.orderNumber });
  const blocks: TMailBlock[] = [{ kind: "p", text: t("greeting") }];
  if (d.isWithdrawal) {
    blocks.push({
      kind: "p",
      text: t("refund.withdrawalBody", {
        orderNumber: d.orderNumber,
        at: formatDateTime(d.withdrawnAt, locale, "UTC"),
      }),
    });
  }
  blocks.push({ kind: "p", text: t("refund.body", { amount, orderNumber: d.orderNumber }) });
  if (d.revokedProducts.length) {
    blocks.push({ kind: "p", text: t("refund.keysStopped") }, { kind: "list", items: d.revokedProducts });
  }
  blocks.push({ kind: "p", text: t("refund.creditNote", { number: d.creditNote.number }) });
  blocks.push({
    kind: "link",
    label: t("refund.creditNoteLink", { number: d.creditNote.number }),
    href: `${s.portalUrl}/${locale}/documents/${d.creditNote.id}`,
  });
  blocks.push({
    kind: "link",
    label: t("refund.portal"),
    href: `${s.portalUrl}/${locale}/orders/${encodeURIComponent(d.orderNumber)}`,
  });
  return composeMail(locale, subject, blocks, s);
}

export function refundFailedMail(
  locale: TLocale,
  d: { orderNumber: string; amount: number; currency: string },
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("refund.failedSubject", { vendor: s.vendorName, orderNumber: d.orderNumber });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("greeting") },
      {
        kind: "p",
        text: t("refund.failedBody", {
          amount: formatMoney(d.amount, d.currency, locale),
          orderNumber: d.orderNumber,
          email: s.supportEmail,
        }),
      },
      {
        kind: "link",
        label: t("refund.portal"),
        href: `${s.portalUrl}/${locale}/orders/${encodeURIComponent(d.orderNumber)}`,
      },
    ],
    s,
  );
}

export function refundExceptionAckMail(
  locale: TLocale,
  d: { orderNumber: string },
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("refund.exceptionSubject", { vendor: s.vendorName, orderNumber: d.orderNumber });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("greeting") },
      { kind: "p", text: t("refund.exceptionBody", { orderNumber: d.orderNumber }) },
    ],
    s,
  );
}
