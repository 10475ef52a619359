import type { TLocale } from "@/db/schema/shared";
import { formatMoney } from "@/lib/i18n/format";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

export type TDelayedPaymentMail = { description: string; currency: string; total: number };

/** A checkout paid by SEPA Direct Debit: received, and the keys come once the bank has paid. */
export function paymentAwaitedMail(locale: TLocale, d: TDelayedPaymentMail, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  return composeMail(
    locale,
    t("payment.awaitedSubject", { vendor: s.vendorName }),
    [
      { kind: "p", text: t("greeting") },
      {
        kind: "p",
        text: t("payment.awaitedBody", {
          items: d.description,
          total: formatMoney(d.total, d.currency, locale),
        }),
      },
      { kind: "p", text: t("payment.awaitedNext") },
      { kind: "link", label: t("payment.orders"), href: `${s.portalUrl}/${locale}/orders` },
    ],
    s,
  );
}

/** The bank refused the debit: nothing was charged, no key was delivered, the order is cancelled. */
export function paymentFailedMail(locale: TLocale, d: TDelayedPaymentMail, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  return composeMail(
    locale,
    t("payment.failedSubject", { vendor: s.vendorName }),
    [
      { kind: "p", text: t("greeting") },
      {
        kind: "p",
        text: t("payment.failedBody", {
          items: d.description,
          total: formatMoney(d.total, d.currency, locale),
        }),
      },
      { kind: "p", text: t("payment.failedNext") },
    ],
    s,
  );
}
