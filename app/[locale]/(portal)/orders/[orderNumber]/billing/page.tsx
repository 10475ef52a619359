import { getTranslations } from "@/lib/i18n/translations";
import { pageLocale } from "@/lib/i18n/page-locale";
import { notFound } from "next/navigation";
import { BillingDetailsForm } from "@/components/billing/billing-details-form";
import { FaqPanel } from "@/components/faq/faq-panel";
import { Notice } from "@/components/ui";
import { getDb } from "@/lib/db";
import { requireCustomer } from "@/lib/auth/session";
import { Link } from "@/lib/i18n/navigation";
import { currentBilling } from "@/lib/invoices/current-billing";
import { getOrder } from "@/lib/orders/queries";
import { pathParam } from "@/lib/http/path-param";

type TProps = { params: Promise<{ locale: string; orderNumber: string }> };

/** The buyer's details on an order's invoice, corrected by a credit note and a corrected invoice. */
export default async function BillingDetailsPage({ params }: TProps) {
  const { orderNumber } = await params;
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  // Another customer's order number is "not found", exactly like a missing one.
  const db = await getDb();
  const order = await getOrder(db, customer.id, pathParam(orderNumber) ?? notFound(), locale);
  if (!order) notFound();
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
