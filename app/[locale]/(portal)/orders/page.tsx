import { getTranslations } from "@/lib/i18n/translations";
import { EmptyState, Money, PageHeader, StatusBadge, type TTone } from "@/components/ui";
import { pageLocale } from "@/lib/i18n/page-locale";
import { FaqPanel } from "@/components/faq/faq-panel";
import { getDb } from "@/lib/db";
import { requireCustomer } from "@/lib/auth/session";
import { formatDate, formatMoney } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { listAwaitingPayments, transferOf } from "@/lib/orders/awaiting-payment";
import type { TLocale } from "@/lib/i18n/locale";
import { listOrders } from "@/lib/orders/queries";

const ORDER_TONE: Record<string, TTone> = { paid: "ok", partially_refunded: "warn", refunded: "muted" };

export default async function OrdersPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const t = await getTranslations({ locale, namespace: "orders" });
  const tBilling = await getTranslations({ locale, namespace: "billing" });
  const tDoc = await getTranslations({ locale, namespace: "document" });
  const db = await getDb();
  const [list, awaiting] = await Promise.all([
    listOrders(db, customer.id, locale),
    listAwaitingPayments(db, customer.id),
  ]);
  // Paid ones are orders now (listed below); the others wait for their money or were refused.
  const unpaid = awaiting.filter((a) => a.status !== "paid");
  return (
    <div className="with-aside">
      <div>
        <PageHeader title={t("title")} />
        {unpaid.length > 0 && (
          <section aria-labelledby="awaiting-h">
            <h2 id="awaiting-h">{t("awaiting.title")}</h2>
            <ul>
              {unpaid.map((a) => (
                <li key={a.id}>
                  <p>
                    <strong>{a.status === "failed" ? t("awaiting.failed") : t("awaiting.status")}</strong>
                    {" — "}
                    {a.description} · {formatMoney(a.total, a.currency, locale)} ·{" "}
                    {t("awaiting.started", { date: formatDate(a.createdAt, locale) })}
                  </p>
                  {a.status === "awaiting" && <AwaitedPayment a={a} t={t} locale={locale} />}
                </li>
              ))}
            </ul>
          </section>
        )}
        {list.length === 0 ? (
          unpaid.length === 0 && <EmptyState>{t("empty")}</EmptyState>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t("title")}>
            <table className="responsive">
              <caption className="visually-hidden">{t("title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("number")}</th>
                  <th scope="col">{t("date")}</th>
                  <th scope="col">{t("items")}</th>
                  <th scope="col" className="num">
                    {t("total")}
                  </th>
                  <th scope="col">{t("status")}</th>
                  <th scope="col">{tBilling("documentsTitle")}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((o) => (
                  <tr key={o.orderNumber}>
                    <th scope="row">
                      <Link href={`/orders/${o.orderNumber}`}>{o.orderNumber}</Link>
                    </th>
                    <td data-label={t("date")}>{formatDate(o.paidAt, locale)}</td>
                    <td data-label={t("items")}>
                      {o.kind === "renewal" ? `${t("renewal")}: ` : ""}
                      {o.items.map((i) => (i.quantity > 1 ? `${i.name} × ${i.quantity}` : i.name)).join(", ")}
                    </td>
                    <td className="num" data-label={t("total")}>
                      <Money amount={o.total} currency={o.currency} locale={locale} />
                    </td>
                    <td data-label={t("status")}>
                      <StatusBadge tone={ORDER_TONE[o.status] ?? "muted"}>
                        {t(`statuses.${o.status}`)}
                      </StatusBadge>
                    </td>
                    <td data-label={tBilling("documentsTitle")}>
                      {o.documents.length > 0 ? (
                        <ul className="plain">
                          {o.documents.map((d) => (
                            <li key={d.id}>
                              <a href={`/${locale}/documents/${d.id}`} download={`${d.number}.pdf`}>
                                {tBilling("download", { kind: tDoc(d.kind), number: d.number })}
                              </a>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <FaqPanel locale={locale} tag="invoice" />
    </div>
  );
}

/** What happens next for a payment still awaited; a bank transfer shows where to send the money. */
function AwaitedPayment({
  a,
  t,
  locale,
}: {
  a: { paymentMethod: Record<string, string> | null; total: number; currency: string };
  t: (
    key: "awaiting.next" | "awaiting.nextTransfer" | `awaiting.transfer.${TTransferLabel | "title"}`,
  ) => string;
  locale: TLocale;
}) {
  const transfer = transferOf(a.paymentMethod);
  if (!transfer) return <p>{t("awaiting.next")}</p>;
  const rows: [TTransferLabel, string][] = [
    ["holder", transfer.holder],
    ["iban", transfer.iban],
    ["bic", transfer.bic],
    ["reference", transfer.reference],
    ["amount", formatMoney(a.total, a.currency, locale)],
  ];
  return (
    <>
      <p>{t("awaiting.nextTransfer")}</p>
      <h3>{t("awaiting.transfer.title")}</h3>
      <dl>
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{t(`awaiting.transfer.${label}`)}</dt>
            <dd>
              <code>{value}</code>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

type TTransferLabel = "holder" | "iban" | "bic" | "reference" | "amount";
