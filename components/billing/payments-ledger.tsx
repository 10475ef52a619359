import { translator } from "@/lib/i18n/translations";
import type { TLocale } from "@/lib/i18n/locale";
import { ledgerTotals, type TLedgerEntry } from "@/lib/billing/ledger";
import { formatDate, formatMoney } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";

type TProps = { locale: TLocale; entries: TLedgerEntry[] };

/** Every payment, refund and credit of an order, then "paid − refunded = net" per currency. */
export function PaymentsLedger({ locale, entries }: TProps) {
  const t = translator({ locale, namespace: "billing" });
  if (entries.length === 0) return null;
  const totals = ledgerTotals(entries);
  const money = (n: number, currency: string) => formatMoney(n, currency, locale);
  return (
    <section className="payments-ledger">
      <h2 id="payments-title">{t("title")}</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t("title")}>
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">{t("date")}</th>
              <th scope="col">{t("entry")}</th>
              <th scope="col" className="num">
                {t("amount")}
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, n) => (
              <tr key={n} data-kind={e.kind}>
                <td data-label={t("date")}>
                  <time dateTime={e.at.toISOString()}>{formatDate(e.at, locale)}</time>
                </td>
                <th scope="row">
                  {t(`kinds.${e.kind}`)}
                  {e.pending ? ` (${t("pending")})` : ""}
                  {e.orderNumber ? (
                    <>
                      {" · "}
                      <Link href={`/orders/${e.orderNumber}`}>{t("onOrder", { number: e.orderNumber })}</Link>
                    </>
                  ) : null}
                </th>
                <td className="num" data-label={t("amount")}>
                  {e.kind.startsWith("refund_") ? "−" : ""}
                  {money(e.amount, e.currency)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="facts ledger-totals">
        {totals.map((x) => (
          <div key={x.currency} data-currency={x.currency}>
            <dt>{t("netTitle", { currency: x.currency.toUpperCase() })}</dt>
            <dd data-testid={`net-${x.currency}`}>
              {t("netLine", {
                paid: money(x.paid, x.currency),
                refunded: money(x.refunded, x.currency),
                net: money(x.net, x.currency),
              })}
            </dd>
            {x.credited > 0 ? (
              <dd>{t("creditedLine", { credited: money(x.credited, x.currency) })}</dd>
            ) : null}
          </div>
        ))}
      </dl>
    </section>
  );
}
