import { getTranslations } from "@/lib/i18n/translations";
import { BillingDetailsForm } from "@/components/billing/billing-details-form";
import { FaqPanel } from "@/components/faq/faq-panel";
import { Notice } from "@/components/ui";
import { Link } from "@/lib/i18n/navigation";
import { currentBilling } from "@/lib/invoices/current-billing";
import { pageOrder } from "@/lib/orders/page-order";

type TProps = { params: Promise<{ locale: string; orderNumber: string }> };

/** The buyer's details on an order's invoice, corrected by a credit note and a corrected invoice. */
export default async function BillingDetailsPage({ params }: TProps) {
  const { locale, customer, db, order } = await pageOrder(params);
  const billing = await currentBilling(db, customer.id, order.id);
  const t = await getTranslations({ locale, namespace: "billingDetails" });
  return (
    <div className="with-aside">
      <div>
        <p>
          <Link href={`/orders/${order.orderNumber}`}>{t("backToOrder", { number: order.orderNumber })}</Link>
        </p>
        <h1>{t("title")}</h1>
        {billing ? (
          <>
            <p className="lead">{t("intro")}</p>
            <BillingDetailsForm locale={locale} orderNumber={order.orderNumber} billing={billing} />
          </>
        ) : (
          <Notice tone="warn">{t("errors.NOTHING_TO_CORRECT")}</Notice>
        )}
      </div>
      <FaqPanel locale={locale} tag="invoice" />
    </div>
  );
}
