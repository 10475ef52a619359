import { getTranslations } from "@/lib/i18n/translations";
import { EmptyState, Notice, PageHeader, StatusBadge } from "@/components/ui";
import { pageLocale } from "@/lib/i18n/page-locale";
import { FaqPanel } from "@/components/faq/faq-panel";
import { getDb } from "@/lib/db";
import { requireCustomer } from "@/lib/auth/session";
import { ActionForm } from "@/components/form/action-form";
import { Hidden } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { noticeOf } from "@/lib/actions/notice";
import { codeMessages } from "@/lib/i18n/code-messages";
import { cardBrandName, formatDate, formatMoney } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { resumeSubscriptionAction, updateCardAction } from "@/lib/subscriptions/actions";
import { SUBSCRIPTION_CODES } from "@/lib/subscriptions/errors";
import { COMMENT_MAX } from "@/lib/subscriptions/schemas";
import { listSubscriptions, type TSubscriptionRow } from "@/lib/subscriptions/queries";
import { availableAction, planState } from "@/lib/subscriptions/subscription-policy";
import { vendor } from "@/lib/vendor";

const TONE = {
  renewing: "ok",
  cancelling: "muted",
  ended: "muted",
  pastDue: "danger",
  inactive: "danger",
} as const;

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function SubscriptionsPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const t = await getTranslations({ locale, namespace: "subscriptions" });
  const tForm = await getTranslations({ locale, namespace: "form" });
  const query = await searchParams;
  const rows = await listSubscriptions(await getDb(), customer.id, locale);
  const now = new Date();
  // The notice names the plan it is about; a plan id that is not among this customer's plans shows nothing.
  const about = rows.find((r) => r.id === query.plan);
  const notice = about ? noticeOf(query, SUBSCRIPTION_CODES.notices) : null;
  const date = (d: Date) => formatDate(d, locale);
  const money = (r: TSubscriptionRow, n: number) => formatMoney(n, r.currency, locale);
  const planMessages = (r: TSubscriptionRow) => ({
    ...codeMessages(SUBSCRIPTION_CODES.errors, (c) =>
      t(`errors.${c}`, { email: vendor().supportEmail, max: COMMENT_MAX }),
    ),
    ...codeMessages(SUBSCRIPTION_CODES.notices, (c) =>
      t(`notices.${c}`, { product: r.productName, date: date(r.currentPeriodEnd) }),
    ),
  });

  return (
    <div className="with-aside">
      <div>
        <PageHeader title={t("title")} lead={t("lead")} />
        {notice && about ? (
          <Notice tone="ok">
            {t(`notices.${notice}`, { product: about.productName, date: date(about.currentPeriodEnd) })}
          </Notice>
        ) : null}
        {rows.length === 0 ? <EmptyState>{t("empty")}</EmptyState> : null}
        <ul className="cards">
          {rows.map((r) => {
            const state = planState(r, now);
            const action = availableAction(r, now);
            const pm = r.paymentMethod;
            return (
              <li key={r.id} id={`plan-${r.id}`} className="card">
                <h2 className="card-title" id={`plan-${r.id}-title`}>
                  {r.productName}
                </h2>
                <dl className="facts">
                  <dt>{t("status")}</dt>
                  <dd>
                    <StatusBadge tone={TONE[state]}>{t(`states.${state}`)}</StatusBadge>
                  </dd>
                  {state === "ended" ? (
                    <>
                      <dt>{t("endedOn")}</dt>
                      <dd>{date(r.endedAt ?? r.currentPeriodEnd)}</dd>
                    </>
                  ) : state === "cancelling" ? (
                    <>
                      <dt>{t("endsOn")}</dt>
                      <dd>{date(r.currentPeriodEnd)}</dd>
                      <dt>{t("furtherPayments")}</dt>
                      <dd>{t("noFurtherPayments")}</dd>
                    </>
                  ) : (
                    <>
                      <dt>{t("nextPayment")}</dt>
                      <dd>
                        {t("nextPaymentValue", {
                          amount: money(r, r.amountWithTax),
                          date: date(r.currentPeriodEnd),
                        })}
                      </dd>
                    </>
                  )}
                  <dt>{t("price")}</dt>
                  <dd>
                    {r.taxRateBps > 0
                      ? t("pricePerYear", { amount: money(r, r.amount), total: money(r, r.amountWithTax) })
                      : t("pricePerYearNoTax", { amount: money(r, r.amount) })}
                  </dd>
                  <dt>{t("paymentMethod")}</dt>
                  <dd>
                    {pm
                      ? pm.last4
                        ? t("card", { brand: cardBrandName(pm.brand ?? pm.type ?? ""), last4: pm.last4 })
                        : (pm.type ?? "—")
                      : "—"}
                  </dd>
                  <dt>{t("license")}</dt>
                  <dd>
                    {r.licenseStatus === "active" && r.licenseExpiresAt
                      ? t("licenseActive", { date: date(r.licenseExpiresAt) })
                      : r.licenseStatus === "expired" && r.licenseExpiresAt
                        ? t("licenseExpired", { date: date(r.licenseExpiresAt) })
                        : r.licenseStatus === "revoked"
                          ? t("licenseRevoked")
                          : "—"}
                  </dd>
                  {r.orderNumber ? (
                    <>
                      <dt>{t("order")}</dt>
                      <dd>
                        <Link href={`/orders/${r.orderNumber}`}>
                          {t("orderLink", { number: r.orderNumber })}
                        </Link>
                      </dd>
                    </>
                  ) : null}
                </dl>
                {state === "pastDue" ? (
                  <>
                    <Notice tone="warn" quiet>
                      {r.nextPaymentAttemptAt
                        ? t("paymentFailed", { date: date(r.nextPaymentAttemptAt) })
                        : t("paymentFailedNoRetry")}
                    </Notice>
                    <ActionForm
                      id={`card-${r.id}`}
                      action={updateCardAction}
                      messages={planMessages(r)}
                      className="inline-form"
                    >
                      <Hidden name="subscriptionId" value={r.id} />
                      <div>
                        <SubmitButton pendingLabel={tForm("pending")}>{t("updateCard")}</SubmitButton>
                      </div>
                    </ActionForm>
                  </>
                ) : null}
                {action === "cancel" ? (
                  <p className="actions">
                    <Link
                      href={`/subscriptions/${r.id}/cancel`}
                      className="button secondary"
                      aria-describedby={`plan-${r.id}-title`}
                    >
                      {t("cancelLink")}
                    </Link>
                  </p>
                ) : null}
                {action === "resume" ? (
                  <ActionForm
                    id={`resume-${r.id}`}
                    action={resumeSubscriptionAction}
                    messages={planMessages(r)}
                    className="inline-form"
                  >
                    <Hidden name="subscriptionId" value={r.id} />
                    <p className="hint" id={`plan-${r.id}-resume`}>
                      {t("resumeHint", { date: date(r.currentPeriodEnd) })}
                    </p>
                    <div>
                      <SubmitButton pendingLabel={tForm("pending")}>{t("resume")}</SubmitButton>
                    </div>
                  </ActionForm>
                ) : null}
              </li>
            );
          })}
        </ul>
      </div>
      <FaqPanel locale={locale} tag="subscription" />
    </div>
  );
}
