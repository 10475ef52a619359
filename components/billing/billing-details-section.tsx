import type { ReactNode } from "react";
import { translator } from "@/lib/i18n/translations";
import { Notice } from "@/components/ui";
import { Link } from "@/lib/i18n/navigation";
import type { TLocale } from "@/lib/i18n/locale";

type TProps = {
  locale: TLocale;
  orderNumber: string;
  /** Just corrected (the notice of the redirect). */
  isCorrected: boolean;
  /** What the details mean for the order's VAT (the VAT ID's verification, VAT back). */
  children?: ReactNode;
};

/** On the order page: the buyer's details on the invoice, and the way to the form that corrects them. */
export function BillingDetailsSection({ locale, orderNumber, isCorrected, children }: TProps) {
  const t = translator({ locale, namespace: "billingDetails" });
  return (
    <section aria-labelledby="billing-details-title">
      <h2 id="billing-details-title">{t("title")}</h2>
      {isCorrected ? <Notice tone="ok">{t("notices.CORRECTED")}</Notice> : null}
      {children}
      <p>
        <Link href={`/orders/${orderNumber}/billing`}>{t("open")}</Link>
      </p>
    </section>
  );
}
