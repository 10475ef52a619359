import { getTranslations } from "next-intl/server";
import { pageLocale } from "@/lib/i18n/page-locale";
import { notFound } from "next/navigation";
import { FaqPanel } from "@/components/faq/faq-panel";
import { FormError } from "@/components/form-error";
import { getDb } from "@/db/client";
import { requireCustomer } from "@/lib/auth/session";
import { knownCode } from "@/lib/i18n/error-code";
import { formatDate, formatMoney } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { timeZoneForCountry } from "@/lib/i18n/time-zone";
import { maskLicenseKey } from "@/lib/licenses/license-key";
import { requestRefundAction, requestRefundExceptionAction } from "@/lib/refunds/actions";
import { getRefundContext, policyOrder } from "@/lib/refunds/queries";
import { isEuBuyer, REFUND_REASONS, refundableItems } from "@/lib/refunds/refund-policy";

const ERRORS = [
  "NOTHING_SELECTED",
  "REASON_REQUIRED",
  "REASON_TOO_LONG",
  "EXPLANATION_REQUIRED",
  "ALREADY_REFUNDED",
  "WINDOW_CLOSED",
  "EXCEEDS_PAID",
  "RATE_LIMITED",
  "NOTHING_TO_REFUND",
  "INVALID",
] as const;
const STATUSES = ["EXCEPTION_SENT"] as const;

type TProps = {
  params: Promise<{ locale: string; orderNumber: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Step 1 of a refund (or, past the 90 days, the request to support). */
export default async function RefundPage({ params, searchParams }: TProps) {
  const { orderNumber } = await params;
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const ctx = await getRefundContext(
    await getDb(),
    customer.id,
    decodeURIComponent(orderNumber).slice(0, 40),
    locale,
  );
  if (!ctx) notFound();
  const t = await getTranslations({ locale, namespace: "refund" });
  const q = await searchParams;
  const error = knownCode(q.error, ERRORS);
  const status = knownCode(q.status, STATUSES);
  const zone = timeZoneForCountry(ctx.country);
  const money = (n: number) => formatMoney(n, ctx.currency, locale);
  const rows = refundableItems(policyOrder(ctx), new Date());
  const eligible = rows.filter((r) => r.amount > 0 && r.isWithinWindow);
  const lapsed = rows.filter((r) => r.amount > 0 && !r.isWithinWindow);
  const isWithdrawal = isEuBuyer(ctx.country);
  const item = (id: string) => ctx.items.find((i) => i.id === id)!;
  const reasons = (
    <fieldset>
      <legend>{t("reasonLegend")}</legend>
      <p className="hint" id="reason-hint">
        {t("reasonHint")}
      </p>
      {REFUND_REASONS.map((r) => (
        <div key={r} className="choice">
          <input
            type="radio"
            id={`reason-${r}`}
            name="reason"
            value={r}
            required
            aria-describedby="reason-hint"
          />
          <label htmlFor={`reason-${r}`}>{t(`reasons.${r}`)}</label>
        </div>
      ))}
    </fieldset>
  );

  return (
    <div className="with-aside">
      <div>
        <p>
          <Link href={`/orders/${ctx.orderNumber}`}>{t("backToOrder", { number: ctx.orderNumber })}</Link>
        </p>
        <h1>{isWithdrawal && eligible.length ? t("titleWithdrawal") : t("title")}</h1>
        {status ? (
          <p role="status" className="notice ok">
            {t("exceptionSent")}
          </p>
        ) : null}
        <FormError id="refund-error" message={error ? t(`errors.${error}`) : null} />

        {eligible.length > 0 ? (
          <form action={requestRefundAction} className="stack" noValidate>
            <input type="hidden" name="locale" value={locale} />
            <input type="hidden" name="orderNumber" value={ctx.orderNumber} />
            <p className="lead">{isWithdrawal ? t("leadWithdrawal") : t("lead")}</p>
            <fieldset>
              <legend>{t("itemsLegend")}</legend>
              {eligible.map((r) => {
                const i = item(r.id);
                return (
                  <div key={r.id} className="choice card">
                    <input
                      type="checkbox"
                      id={`item-${r.id}`}
                      name="itemId"
                      value={r.id}
                      defaultChecked={eligible.length === 1}
                      aria-describedby={`item-${r.id}-info`}
                    />
                    <label htmlFor={`item-${r.id}`}>
                      {i.name}
                      {i.quantity > 1 ? ` × ${i.quantity}` : ""} · {money(r.amount)}
                    </label>
                    <div id={`item-${r.id}-info`} className="hint">
                      <p>{t("eligibleUntil", { date: formatDate(r.deadline, locale, zone) })}</p>
                      {i.licenses.some((l) => l.status === "active") ? (
                        <p>
                          {t("keysWillStop")}{" "}
                          {i.licenses
                            .filter((l) => l.status === "active")
                            .map((l) => maskLicenseKey(l.key))
                            .join(", ")}
                        </p>
                      ) : null}
                      {i.kind === "yearly" ? <p>{t("planEndsNow")}</p> : null}
                    </div>
                  </div>
                );
              })}
            </fieldset>
            {reasons}
            <label htmlFor="reasonText">{t("reasonTextLabel")}</label>
            <textarea
              id="reasonText"
              name="reasonText"
              maxLength={1000}
              rows={3}
              aria-describedby="reasonText-hint"
            />
            <p id="reasonText-hint" className="hint">
              {t("reasonTextHint")}
            </p>
            <div>
              <button type="submit">{t("continue")}</button>
            </div>
          </form>
        ) : null}

        {eligible.length === 0 && lapsed.length > 0 ? (
          <section aria-labelledby="past-title">
            <h2 id="past-title">{t("pastTitle")}</h2>
            <p>{t("pastBody", { date: formatDate(lapsed[0]!.deadline, locale, zone) })}</p>
            {status ? null : (
              <form action={requestRefundExceptionAction} className="stack" noValidate>
                <input type="hidden" name="locale" value={locale} />
                <input type="hidden" name="orderNumber" value={ctx.orderNumber} />
                {reasons}
                <label htmlFor="exceptionText">{t("exceptionTextLabel")}</label>
                <textarea id="exceptionText" name="reasonText" required maxLength={1000} rows={4} />
                <div>
                  <button type="submit">{t("exceptionSubmit")}</button>
                </div>
              </form>
            )}
          </section>
        ) : null}

        {eligible.length === 0 && lapsed.length === 0 ? <p>{t("nothingLeft")}</p> : null}
      </div>
      <FaqPanel locale={locale} tag="refund" />
    </div>
  );
}
