import { translator } from "@/lib/i18n/translations";
import { StatusBadge, type TTone } from "@/components/ui";
import { formatMoney } from "@/lib/i18n/format";
import type { TLocale } from "@/lib/i18n/locale";
import type { TVatBackStatus } from "@/lib/invoices/vat-back-status";

type TProps = { locale: TLocale; status: TVatBackStatus; supportEmail: string };

const VERIFICATION_TONE: Record<string, TTone> = {
  pending: "muted",
  unavailable: "muted",
  verified: "ok",
  unverified: "danger",
};

/**
 * The buyer's VAT ID with Stripe's verification beside it, and in one line what it means for the
 * order's VAT: refunded (reverse charge), on its way, or why not. Computed on the server.
 */
export function VatBackStatus({ locale, status, supportEmail }: TProps) {
  const t = translator({ locale, namespace: "vatBack" });
  const o = status.outcome;
  const line =
    o?.kind === "refund"
      ? t(o.status, { amount: formatMoney(o.amount, o.currency, locale), email: supportEmail })
      : o?.kind === "none"
        ? t(`reasons.${o.reason}`, { email: supportEmail })
        : null;
  return (
    <dl className="facts vat-back">
      {status.vatId ? (
        <div className="fact">
          <dt>{t("vatId")}</dt>
          <dd>
            {status.vatId}{" "}
            <StatusBadge tone={VERIFICATION_TONE[status.verification ?? "pending"] ?? "muted"}>
              {t(`statuses.${status.verification ?? "pending"}`)}
            </StatusBadge>
          </dd>
        </div>
      ) : null}
      {line ? (
        <div className="fact">
          <dt>{t("vat")}</dt>
          <dd>{line}</dd>
        </div>
      ) : null}
    </dl>
  );
}
