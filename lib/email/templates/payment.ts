import type { TLocale } from "@/db/schema/shared";
import { formatMoney } from "@/lib/i18n/format";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

/** Where a bank transfer goes (from the payment intent's instructions). */
export type TTransferInstructions = { iban: string; bic: string; holder: string; reference: string };

export type TDelayedPaymentMail = {
  description: string;
  currency: string;
  total: number;
  /** Set for a bank transfer awaited: the mail says where to send the money. */
  transfer?: TTransferInstructions | null;
  /** The failed payment was a bank transfer (not a debit the bank refused). */
  byTransfer?: boolean;
};

/**
 * A checkout paid by SEPA Direct Debit or bank transfer: received, and the keys come once the
 * money has arrived; a transfer's mail says where to send it.
 */
export function paymentAwaitedMail(locale: TLocale, d: TDelayedPaymentMail, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  return composeMail(
    locale,
    t("payment.awaitedSubject", { vendor: s.vendorName }),
    [
      { kind: "p", text: t("greeting") },
      {
        kind: "p",
        text: t(d.transfer ? "payment.awaitedTransferBody" : "payment.awaitedBody", {
          items: d.description,
          total: formatMoney(d.total, d.currency, locale),
        }),
      },
      ...(d.transfer
        ? ([
            { kind: "code", label: t("payment.transferHolder"), value: d.transfer.holder },
            { kind: "code", label: t("payment.transferIban"), value: d.transfer.iban },
            { kind: "code", label: t("payment.transferBic"), value: d.transfer.bic },
            { kind: "code", label: t("payment.transferReference"), value: d.transfer.reference },
          ] as const)
        : []),
      { kind: "p", text: t(d.transfer ? "payment.awaitedTransferNext" : "payment.awaitedNext") },
      { kind: "link", label: t("payment.orders"), href: `${s.portalUrl}/${locale}/orders` },
    ],
    s,
  );
}

/**
 * The bank refused the debit, or the transfer's payment was cancelled before the money came:
 * nothing was charged, no key was delivered, the order is cancelled.
 */
export function paymentFailedMail(locale: TLocale, d: TDelayedPaymentMail, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  return composeMail(
    locale,
    t("payment.failedSubject", { vendor: s.vendorName }),
    [
      { kind: "p", text: t("greeting") },
      {
        kind: "p",
        text: t(d.byTransfer ? "payment.failedTransferBody" : "payment.failedBody", {
          items: d.description,
          total: formatMoney(d.total, d.currency, locale),
        }),
      },
      { kind: "p", text: t("payment.failedNext") },
    ],
    s,
  );
}
