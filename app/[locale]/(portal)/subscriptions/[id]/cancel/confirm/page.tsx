import { getTranslations } from "next-intl/server";
import { pageLocale } from "@/lib/i18n/page-locale";
import { redirect } from "next/navigation";
import { FaqPanel } from "@/components/faq/faq-panel";
import { knownCode } from "@/lib/i18n/error-code";
import { formatDate } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { cancelSubscriptionAction } from "@/lib/subscriptions/actions";
import { cancelStepUrl } from "@/lib/subscriptions/cancel-step-url";
import { ZCancellationAnswer } from "@/lib/subscriptions/schemas";
import { firstParam } from "@/lib/http/search-params";
import { ownSubscriptionOr404 } from "@/lib/subscriptions/own-subscription";
import { canCancel } from "@/lib/subscriptions/subscription-policy";

const ERRORS = ["STRIPE_UNAVAILABLE"] as const;

type TProps = {
  params: Promise<{ locale: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Step two: the customer's answer shown back, and the one button that cancels. */
export default async function ConfirmCancelPage({ params, searchParams }: TProps) {
  const { id } = await params;
  const locale = await pageLocale(params);
  // Another customer's plan is "not found", exactly like a missing one.
  const sub = await ownSubscriptionOr404(locale, id);
  const query = await searchParams;
  const raw = { reason: firstParam(query.reason), comment: firstParam(query.comment) };
  // Step one explains a refusal (already set to end, ended) and shows field errors next to their fields.
  if (!canCancel(sub, new Date()).ok) redirect(cancelStepUrl(locale, sub.id, "cancel", {}));
  const answer = ZCancellationAnswer.safeParse(raw);
  if (!answer.success)
    redirect(
      cancelStepUrl(locale, sub.id, "cancel", raw, answer.error.issues[0]?.message ?? "REASON_REQUIRED"),
    );
  const t = await getTranslations({ locale, namespace: "subscriptions" });
  const error = knownCode(query.error, ERRORS);
  const { reason, comment } = answer.data;

  return (
    <div className="with-aside">
      <div>
        <h1>{t("confirmTitle")}</h1>
        <p className="hint">{t("step", { n: 2 })}</p>
        {error ? (
          <p role="alert" className="notice warn">
            {t(`errors.${error}`)}
          </p>
        ) : null}
        <p className="lead">
          {t("confirmLead", { product: sub.productName, date: formatDate(sub.currentPeriodEnd, locale) })}
        </p>
        <dl className="facts">
          <dt>{t("yourReason")}</dt>
          <dd>{t(`reasons.${reason}`)}</dd>
          <dt>{t("yourComment")}</dt>
          <dd style={{ whiteSpace: "pre-line" }}>{comment ?? t("noComment")}</dd>
        </dl>
        <form action={cancelSubscriptionAction} className="row inline-form">
          <input type="hidden" name="locale" value={locale} />
          <input type="hidden" name="subscriptionId" value={sub.id} />
          <input type="hidden" name="reason" value={reason} />
          <input type="hidden" name="comment" value={comment ?? ""} />
          <button type="submit">{t("confirm")}</button>
          <Link href="/subscriptions" className="button secondary">
            {t("keep")}
          </Link>
        </form>
        <p>
          <a href={cancelStepUrl(locale, sub.id, "cancel", { reason, comment })}>{t("change")}</a>
        </p>
      </div>
      <FaqPanel locale={locale} tag="subscription" />
    </div>
  );
}
