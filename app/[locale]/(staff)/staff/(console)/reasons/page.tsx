import { getTranslations } from "@/lib/i18n/translations";
import { ReasonsChart } from "@/components/staff/reasons-chart";
import { getDb } from "@/lib/db";
import { firstParam } from "@/lib/http/search-params";
import { formatDate } from "@/lib/i18n/format";
import { pageLocale } from "@/lib/i18n/page-locale";
import {
  ALL_CANCELLATION_REASONS,
  ALL_REFUND_REASONS,
  CANCELLATION_REASONS,
  REFUND_REASONS,
  reasonsOverTime,
  STRIPE_REFUND_REASONS,
} from "@/lib/staff/reasons";
import { weeklyMax } from "@/lib/staff/reasons-policy";
import { requireStaffPage } from "@/lib/staff/session";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Why customers refund and cancel, week by week, for one product or all, over a chosen period. */
export default async function StaffReasonsPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const staff = await requireStaffPage(locale);
  const t = await getTranslations({ locale });
  const sp = await searchParams;
  const view = await reasonsOverTime(
    await getDb(),
    staff,
    { from: firstParam(sp.from, 10), to: firstParam(sp.to, 10), product: firstParam(sp.product, 36) },
    locale,
  );
  const weeks = view.period.weeks.map((w) => ({ key: iso(w), label: formatDate(w, locale) }));
  const lastDay = new Date(view.period.to.getTime() - 86_400_000);
  const labels = {
    week: t("staff.reasons.week"),
    total: t("staff.reasons.total"),
    empty: t("staff.reasons.empty"),
  };
  const refundLabel = (r: string) =>
    (REFUND_REASONS as readonly string[]).includes(r)
      ? t(`refund.reasons.${r as (typeof REFUND_REASONS)[number]}`)
      : (STRIPE_REFUND_REASONS as readonly string[]).includes(r)
        ? t(`staff.reasons.stripe.${r as (typeof STRIPE_REFUND_REASONS)[number]}`)
        : t("staff.reasons.none");
  const cancellationLabel = (r: string) =>
    (CANCELLATION_REASONS as readonly string[]).includes(r)
      ? t(`subscriptions.reasons.${r as (typeof CANCELLATION_REASONS)[number]}`)
      : t("staff.reasons.none");
  const range = { from: formatDate(view.period.weeks[0]!, locale), to: formatDate(lastDay, locale) };
  const summary = (series: typeof view.refunds, labelOf: (r: string) => string) =>
    t("staff.reasons.summary", {
      ...range,
      count: series.reduce((sum, s) => sum + s.total, 0),
      reasons: series.map((s) => `${labelOf(s.reason)} (${s.total})`).join(", "),
    });
  return (
    <>
      <h1>{t("staff.reasons.title")}</h1>
      <p className="lead">{t("staff.reasons.lead", range)}</p>
      <form method="get" className="stack" aria-label={t("staff.reasons.filter")}>
        <div className="row">
          <div className="field">
            <label htmlFor="reasons-product">{t("staff.reasons.product")}</label>
            <select id="reasons-product" name="product" defaultValue={view.productId ?? ""}>
              <option value="">{t("staff.reasons.allProducts")}</option>
              {view.products.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="reasons-from">{t("staff.reasons.from")}</label>
            <input id="reasons-from" name="from" type="date" defaultValue={iso(view.period.weeks[0]!)} />
          </div>
          <div className="field">
            <label htmlFor="reasons-to">{t("staff.reasons.to")}</label>
            <input id="reasons-to" name="to" type="date" defaultValue={iso(lastDay)} />
          </div>
        </div>
        <div>
          <button type="submit">{t("staff.reasons.submit")}</button>
        </div>
      </form>
      <ReasonsChart
        id="refund-reasons"
        title={t("staff.reasons.refunds")}
        summary={summary(view.refunds, refundLabel)}
        weeks={weeks}
        series={view.refunds}
        allReasons={ALL_REFUND_REASONS}
        labelOf={refundLabel}
        max={weeklyMax(view.refunds, weeks.length)}
        labels={{ ...labels, table: t("staff.reasons.refundsTable") }}
      />
      <ReasonsChart
        id="cancellation-reasons"
        title={t("staff.reasons.cancellations")}
        summary={summary(view.cancellations, cancellationLabel)}
        weeks={weeks}
        series={view.cancellations}
        allReasons={ALL_CANCELLATION_REASONS}
        labelOf={cancellationLabel}
        max={weeklyMax(view.cancellations, weeks.length)}
        labels={{ ...labels, table: t("staff.reasons.cancellationsTable") }}
      />
    </>
  );
}
