import { getTranslations } from "next-intl/server";
import { pageLocale } from "@/lib/i18n/page-locale";
import { FaqPanel } from "@/components/faq/faq-panel";
import { FormError } from "@/components/form-error";
import { knownCode } from "@/lib/i18n/error-code";
import { formatDate } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { CANCELLATION_REASON_ORDER, COMMENT_MAX } from "@/lib/subscriptions/schemas";
import { firstParam } from "@/lib/http/search-params";
import { ownSubscriptionOr404 } from "@/lib/subscriptions/own-subscription";
import { canCancel } from "@/lib/subscriptions/subscription-policy";
import { vendor } from "@/lib/vendor";

const FIELD_ERRORS = ["REASON_REQUIRED", "COMMENT_TOO_LONG"] as const;
const REFUSALS = {
  ALREADY_CANCELLED: "alreadyCancelled",
  PLAN_ENDED: "ended",
  PLAN_INACTIVE: "inactive",
} as const;

type TProps = {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Step one of cancelling a yearly plan: what happens, and why the customer leaves. A GET form to the confirm step. */
export default async function CancelSubscriptionPage({ params, searchParams }: TProps) {
  const { id } = await params;
  const locale = await pageLocale(params);
  // Another customer's plan is "not found", exactly like a missing one.
  const sub = await ownSubscriptionOr404(locale, id);
  const t = await getTranslations({ locale, namespace: "subscriptions" });
  const query = await searchParams;
  const verdict = canCancel(sub, new Date());
  const until = formatDate(sub.currentPeriodEnd, locale);
  const error = knownCode(query.error, FIELD_ERRORS);
  const reason = firstParam(query.reason);
  const comment = firstParam(query.comment);
  const errorText = error ? t(`errors.${error}`, { max: COMMENT_MAX }) : null;

  return (
    <div className="with-aside">
      <div>
        <h1>{t("cancelTitle")}</h1>
        {!verdict.ok ? (
          <>
            <p role="alert" className="notice warn">
              {t(REFUSALS[verdict.code as keyof typeof REFUSALS] ?? "ended", {
                date: formatDate(sub.endedAt ?? sub.currentPeriodEnd, locale),
                email: vendor().supportEmail,
              })}
            </p>
            <p>
              <Link href="/subscriptions">{t("backToPlans")}</Link>
            </p>
          </>
        ) : (
          <>
            <p className="hint">{t("step", { n: 1 })}</p>
            <p className="lead">{t("cancelLead", { product: sub.productName, date: until })}</p>
            <ul>
              <li>{t("whatHappens1", { date: until })}</li>
              <li>{t("whatHappens2")}</li>
              <li>{t("whatHappens3", { date: until })}</li>
            </ul>
            <form method="get" action={`/${locale}/subscriptions/${sub.id}/cancel/confirm`} className="stack">
              <fieldset aria-describedby={`reason-hint${error === "REASON_REQUIRED" ? " reason-error" : ""}`}>
                <legend>{t("reasonLegend")}</legend>
                <p className="hint" id="reason-hint">
                  {t("reasonHint")}
                </p>
                <FormError id="reason-error" message={error === "REASON_REQUIRED" ? errorText : null} />
                {CANCELLATION_REASON_ORDER.map((r, n) => (
                  <label key={r}>
                    <input
                      type="radio"
                      name="reason"
                      value={r}
                      defaultChecked={reason === r}
                      required={n === 0}
                    />{" "}
                    {t(`reasons.${r}`)}
                  </label>
                ))}
              </fieldset>
              <div>
                <label htmlFor="comment">{t("commentLabel")}</label>
                <p className="hint" id="comment-hint">
                  {t("commentHint", { max: COMMENT_MAX })}
                </p>
                <FormError id="comment-error" message={error === "COMMENT_TOO_LONG" ? errorText : null} />
                <textarea
                  id="comment"
                  name="comment"
                  rows={4}
                  maxLength={COMMENT_MAX}
                  defaultValue={comment}
                  aria-describedby={`comment-hint${error === "COMMENT_TOO_LONG" ? " comment-error" : ""}`}
                  aria-invalid={error === "COMMENT_TOO_LONG" ? true : undefined}
                />
              </div>
              <div className="row">
                <button type="submit">{t("continue")}</button>
                <Link href="/subscriptions" className="button secondary">
                  {t("keep")}
                </Link>
              </div>
            </form>
          </>
        )}
      </div>
      <FaqPanel locale={locale} tag="subscription" />
    </div>
  );
}
