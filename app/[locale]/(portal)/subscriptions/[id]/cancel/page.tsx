import { getTranslations } from "@/lib/i18n/translations";
import { Notice } from "@/components/ui";
import { FaqPanel } from "@/components/faq/faq-panel";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, Hidden, TextField } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { codeMessages } from "@/lib/i18n/code-messages";
import { formatDate } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { pageLocale } from "@/lib/i18n/page-locale";
import { cancelSubscriptionAction } from "@/lib/subscriptions/actions";
import { SUBSCRIPTION_CODES } from "@/lib/subscriptions/errors";
import { ownSubscriptionOr404 } from "@/lib/subscriptions/own-subscription";
import { CANCELLATION_REASON_ORDER, COMMENT_MAX } from "@/lib/subscriptions/schemas";
import { canCancel } from "@/lib/subscriptions/subscription-policy";
import { vendor } from "@/lib/vendor";

const REFUSALS = {
  ALREADY_CANCELLED: "alreadyCancelled",
  PLAN_ENDED: "ended",
  PLAN_INACTIVE: "inactive",
} as const;

type TProps = { params: Promise<{ locale: string; id: string }> };

/** Cancelling a yearly plan: what happens, why the customer leaves, and the button that does it. */
export default async function CancelSubscriptionPage({ params }: TProps) {
  const { id } = await params;
  const locale = await pageLocale(params);
  // Another customer's plan is "not found", exactly like a missing one.
  const sub = await ownSubscriptionOr404(locale, id);
  const t = await getTranslations({ locale, namespace: "subscriptions" });
  const tForm = await getTranslations({ locale, namespace: "form" });
  const verdict = canCancel(sub, new Date());
  const until = formatDate(sub.currentPeriodEnd, locale);
  const email = vendor().supportEmail;
  const messages = {
    ...codeMessages(SUBSCRIPTION_CODES.errors, (c) => t(`errors.${c}`, { email, max: COMMENT_MAX })),
    ...codeMessages(SUBSCRIPTION_CODES.notices, (c) =>
      t(`notices.${c}`, { product: sub.productName, date: until }),
    ),
  };

  return (
    <div className="with-aside">
      <div>
        <h1>{t("cancelTitle")}</h1>
        {!verdict.ok ? (
          <>
            <Notice tone="warn" urgent>
              {t(REFUSALS[verdict.code as keyof typeof REFUSALS] ?? "ended", {
                date: formatDate(sub.endedAt ?? sub.currentPeriodEnd, locale),
                email,
              })}
            </Notice>
            <p>
              <Link href="/subscriptions">{t("backToPlans")}</Link>
            </p>
          </>
        ) : (
          <>
            <p className="lead">{t("cancelLead", { product: sub.productName, date: until })}</p>
            <ul>
              <li>{t("whatHappens1", { date: until })}</li>
              <li>{t("whatHappens2")}</li>
              <li>{t("whatHappens3", { date: until })}</li>
            </ul>
            <ActionForm id="cancel-plan" action={cancelSubscriptionAction} messages={messages}>
              <Hidden name="subscriptionId" value={sub.id} />
              <ChoiceGroup
                name="reason"
                type="radio"
                legend={t("reasonLegend")}
                hint={t("reasonHint")}
                required
                choices={CANCELLATION_REASON_ORDER.map((r) => ({ value: r, label: t(`reasons.${r}`) }))}
              />
              <TextField
                name="comment"
                multiline
                label={t("commentLabel")}
                hint={t("commentHint", { max: COMMENT_MAX })}
                maxLength={COMMENT_MAX}
                counter={tForm.raw("counter") as string}
              />
              <div className="row">
                <SubmitButton pendingLabel={tForm("pending")} variant="danger">
                  {t("confirm")}
                </SubmitButton>
                <Link href="/subscriptions" className="button secondary">
                  {t("keep")}
                </Link>
              </div>
            </ActionForm>
          </>
        )}
      </div>
      <FaqPanel locale={locale} tag="subscription" />
    </div>
  );
}
