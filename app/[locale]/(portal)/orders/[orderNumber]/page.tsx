import { getTranslations } from "@/lib/i18n/translations";
import { PageHeader, StatusBadge, type TTone } from "@/components/ui";
import { BillingDetailsSection } from "@/components/billing/billing-details-section";
import { OrderDocuments } from "@/components/billing/order-documents";
import { VatBackStatus } from "@/components/billing/vat-back-status";
import { PaymentsLedger } from "@/components/billing/payments-ledger";
import { FaqPanel } from "@/components/faq/faq-panel";
import { LicenseKey } from "@/components/license-key";
import { SupportRequests } from "@/components/support/support-requests";
import { PendingSwaps } from "@/components/swaps/pending-swaps";
import { cardBrandName, formatDate, formatDateTime, formatMoney, formatNumber } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { getOrderLedger } from "@/lib/billing/queries";
import { BILLING_CODES } from "@/lib/invoices/errors";
import { listOrderDocuments } from "@/lib/invoices/queries";
import { sellerFrom } from "@/lib/invoices/seller";
import { getVatBackStatus } from "@/lib/invoices/vat-back-status";
import { mailSettings } from "@/lib/email/settings";
import { noticeOf } from "@/lib/actions/notice";
import { pageOrder } from "@/lib/orders/page-order";
import { customerRequests } from "@/lib/support/queries";
import { pendingSwaps } from "@/lib/swaps/pending-swap";

type TProps = {
  params: Promise<{ locale: string; orderNumber: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const ORDER_TONE: Record<string, TTone> = { paid: "ok", partially_refunded: "warn", refunded: "muted" };
const LICENSE_TONE: Record<string, TTone> = { active: "ok", revoked: "danger", expired: "muted" };

export default async function OrderPage({ params, searchParams }: TProps) {
  const { locale, customer, db, order } = await pageOrder(params);
  const settings = mailSettings();
  // Read side by side: one round trip's wait for all of them, not one after another.
  const [ledger, documents, vatBack, swaps, requests] = await Promise.all([
    getOrderLedger(db, customer.id, order.id),
    listOrderDocuments(db, customer.id, order.id),
    getVatBackStatus(db, customer.id, order.id, sellerFrom(settings)),
    pendingSwaps(db, customer.id, order.id, locale),
    customerRequests(db, customer.id, { orderId: order.id }),
  ]);
  // Its invoice's details can be corrected once there is one (the form is a page of its own).
  const isInvoiced = documents.some((d) => d.kind !== "credit_note");
  const isCorrected = noticeOf(await searchParams, BILLING_CODES.notices) === "CORRECTED";
  // The lines as they are now (a swap changes its line): the footer sums them, so it always adds up.
  const sums = order.items.reduce(
    (s, i) => ({ subtotal: s.subtotal + i.subtotal, tax: s.tax + i.tax, total: s.total + i.total }),
    { subtotal: 0, tax: 0, total: 0 },
  );
  const t = await getTranslations({ locale, namespace: "orders" });
  const tSwap = await getTranslations({ locale, namespace: "swap" });
  const money = (n: number) => formatMoney(n, order.currency, locale);
  const pm = order.paymentMethod;
  return (
    <div className="with-aside">
      <div>
        <PageHeader title={t("orderTitle", { number: order.orderNumber })} />
        <dl className="facts">
          <dt>{t("date")}</dt>
          <dd>{formatDate(order.paidAt, locale)}</dd>
          <dt>{t("status")}</dt>
          <dd>
            <StatusBadge tone={ORDER_TONE[order.status] ?? "muted"}>
              {t(`statuses.${order.status}`)}
            </StatusBadge>
          </dd>
          <dt>{t("paymentMethod")}</dt>
          <dd>
            {pm
              ? pm.last4
                ? t("card", {
                    brand: cardBrandName(pm.brand ?? pm.type ?? ""),
                    last4: pm.last4,
                  })
                : (pm.type ?? "")
              : "—"}
          </dd>
          <dt>{t("purchaseEmail")}</dt>
          <dd>{order.purchaseEmail}</dd>
        </dl>

        {order.status !== "refunded" ? (
          <p className="actions">
            <Link href={`/orders/${order.orderNumber}/refund`} className="button secondary">
              {t("refundLink")}
            </Link>
            <span className="hint">{t("refundHint")}</span>
          </p>
        ) : null}
        {order.status !== "refunded" ? (
          <p className="actions">
            <Link href={`/orders/${order.orderNumber}/swap`} className="button secondary">
              {tSwap("orderLink")}
            </Link>
            <span className="hint">{tSwap("orderHint")}</span>
          </p>
        ) : null}

        <PendingSwaps swaps={swaps} orderNumber={order.orderNumber} locale={locale} />
        <SupportRequests requests={requests} locale={locale} />

        <h2>{t("items")}</h2>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("items")}>
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">{t("product")}</th>
                <th scope="col" className="num">
                  {t("quantity")}
                </th>
                <th scope="col" className="num">
                  {t("unitPrice")}
                </th>
                <th scope="col" className="num">
                  {t("tax")}
                </th>
                <th scope="col" className="num">
                  {t("total")}
                </th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    {i.name}
                    {i.status !== "active" ? ` (${t(`itemStatuses.${i.status}`)})` : ""}
                  </th>
                  <td className="num" data-label={t("quantity")}>
                    {i.quantity}
                  </td>
                  <td className="num" data-label={t("unitPrice")}>
                    {money(i.unitAmount)}
                  </td>
                  <td className="num" data-label={t("tax")}>
                    {money(i.tax)}
                  </td>
                  <td className="num" data-label={t("total")}>
                    {money(i.total)}
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={4}>
                  {t("subtotal")}
                </th>
                <td className="num">{money(sums.subtotal)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={4}>
                  {t("taxLine", { rate: formatNumber(order.taxRateBps / 100, locale) })}
                </th>
                <td className="num">{money(sums.tax)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={4}>
                  {t("total")}
                </th>
                <td className="num">
                  <strong>{money(sums.total)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>

        <PaymentsLedger locale={locale} entries={ledger} />
        <OrderDocuments locale={locale} documents={documents} />
        {isInvoiced ? (
          <BillingDetailsSection locale={locale} orderNumber={order.orderNumber} isCorrected={isCorrected}>
            {vatBack ? (
              <VatBackStatus locale={locale} status={vatBack} supportEmail={settings.supportEmail} />
            ) : null}
          </BillingDetailsSection>
        ) : null}

        <h2>{t("licenses")}</h2>
        <ul className="plain">
          {order.items.flatMap((i) =>
            i.licenses.map((l) => (
              <li key={l.id}>
                <span className="product">{l.productName}</span> ·{" "}
                <StatusBadge tone={LICENSE_TONE[l.status] ?? "muted"}>
                  {t(`licenseStatuses.${l.status}`)}
                </StatusBadge>
                {l.status === "active" ? <LicenseKey value={l.key} locale={locale} /> : null}
              </li>
            )),
          )}
        </ul>

        <h2>{t("timeline")}</h2>
        <ol className="timeline">
          {order.timeline.map((e, n) => (
            <li key={n}>
              <time dateTime={e.at.toISOString()}>{formatDateTime(e.at, locale)}</time> ·{" "}
              {t(`events.${e.type}`)}
            </li>
          ))}
        </ol>
      </div>
      <FaqPanel locale={locale} tag="refund" />
    </div>
  );
}
