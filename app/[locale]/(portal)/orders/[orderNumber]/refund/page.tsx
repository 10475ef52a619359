import { getTranslations } from "@/lib/i18n/translations";
import { Notice } from "@/components/ui";
import { pageLocale } from "@/lib/i18n/page-locale";
import { notFound } from "next/navigation";
import { FaqPanel } from "@/components/faq/faq-panel";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, Hidden, TextField } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { SupportRequests } from "@/components/support/support-requests";
import { getDb } from "@/lib/db";
import { noticeOf } from "@/lib/actions/notice";
import { requireCustomer } from "@/lib/auth/session";
import { codeMessages } from "@/lib/i18n/code-messages";
import { formatDate, formatMoney } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { timeZoneForCountry } from "@/lib/i18n/time-zone";
import { maskLicenseKey } from "@/lib/licenses/license-key";
import { requestRefundAction, requestRefundExceptionAction } from "@/lib/refunds/actions";
import { REFUND_CODES } from "@/lib/refunds/errors";
import { getRefundContext, policyOrder } from "@/lib/refunds/queries";
import { isEuBuyer, REFUND_REASONS, refundableItems } from "@/lib/refunds/refund-policy";
import { customerRequests } from "@/lib/support/queries";
import { pathParam } from "@/lib/http/path-param";

type TProps = {
  params: Promise<{ locale: string; orderNumber: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Step 1 of a refund (or, past the 90 days, the request to support). */
export default async function RefundPage({ params, searchParams }: TProps) {
  const { orderNumber } = await params;
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const db = await getDb();
  const ctx = await getRefundContext(db, customer.id, pathParam(orderNumber) ?? notFound(), locale);
  if (!ctx) notFound();
  const t = await getTranslations({ locale, namespace: "refund" });
  const tRequests = await getTranslations({ locale, namespace: "supportRequests" });
  const requests = await customerRequests(db, customer.id, { orderId: ctx.id });
  const openException = requests.find((r) => r.kind === "refund_exception" && r.status === "open");
  const isSent = noticeOf(await searchParams, REFUND_CODES.notices) === "EXCEPTION_SENT";
  const tForm = await getTranslations({ locale, namespace: "form" });
  const zone = timeZoneForCountry(ctx.country);
  const money = (n: number) => formatMoney(n, ctx.currency, locale);
  const rows = refundableItems(policyOrder(ctx), new Date());
  const eligible = rows.filter((r) => r.amount > 0 && r.isWithinWindow);
  const lapsed = rows.filter((r) => r.amount > 0 && !r.isWithinWindow);
  const isWithdrawal = isEuBuyer(ctx.country);
  const item = (id: string) => ctx.items.find((i) => i.id === id)!;
  const messages = {
    ...codeMessages(REFUND_CODES.errors, (c) => t(`errors.${c}`)),
    ...codeMessages(REFUND_CODES.notices, (c) => t(`notices.${c}`)),
  };
  const reasonChoices = REFUND_REASONS.map((r) => ({ value: r, label: t(`reasons.${r}`) }));
  const counter = tForm.raw("counter") as string;

  return (
    <div className="with-aside">
      <div>
        <p>
          <Link href={`/orders/${ctx.orderNumber}`}>{t("backToOrder", { number: ctx.orderNumber })}</Link>
        </p>
        <h1>{isWithdrawal && eligible.length ? t("titleWithdrawal") : t("title")}</h1>

        {eligible.length > 0 ? (
          <ActionForm id="refund" action={requestRefundAction} messages={messages}>
            <Hidden name="orderNumber" value={ctx.orderNumber} />
            <p className="lead">{isWithdrawal ? t("leadWithdrawal") : t("lead")}</p>
            <ChoiceGroup
              name="itemIds"
              type="checkbox"
              legend={t("itemsLegend")}
              required
              defaultValue={eligible.length === 1 ? [eligible[0]!.id] : []}
              choices={eligible.map((r) => {
                const i = item(r.id);
                const activeKeys = i.licenses.filter((l) => l.status === "active");
                return {
                  value: r.id,
                  label: `${i.name}${i.quantity > 1 ? ` × ${i.quantity}` : ""} · ${money(r.amount)}`,
                  hint: (
                    <>
                      <p>{t("eligibleUntil", { date: formatDate(r.deadline, locale, zone) })}</p>
                      {activeKeys.length ? (
                        <p>
                          {t("keysWillStop")} {activeKeys.map((l) => maskLicenseKey(l.key)).join(", ")}
                        </p>
                      ) : null}
                      {i.kind === "yearly" ? <p>{t("planEndsNow")}</p> : null}
                    </>
                  ),
                };
              })}
            />
            <ChoiceGroup
              name="reason"
              type="radio"
              legend={t("reasonLegend")}
              hint={t("reasonHint")}
              required
              choices={reasonChoices}
            />
            <TextField
              name="reasonText"
              multiline
              rows={3}
              label={t("reasonTextLabel")}
              hint={t("reasonTextHint")}
              maxLength={1000}
              counter={counter}
            />
            <div>
              <SubmitButton pendingLabel={tForm("pending")}>{t("continue")}</SubmitButton>
            </div>
          </ActionForm>
        ) : null}

        {eligible.length === 0 && lapsed.length > 0 ? (
          <section aria-labelledby="past-title">
            <h2 id="past-title">{t("pastTitle")}</h2>
            <p>{t("pastBody", { date: formatDate(lapsed[0]!.deadline, locale, zone) })}</p>
            {openException ? (
              <Notice tone="ok">
                {isSent
                  ? t("notices.EXCEPTION_SENT")
                  : tRequests("openExceptionLead", { date: formatDate(openException.createdAt, locale) })}
              </Notice>
            ) : (
              <ActionForm id="refund-exception" action={requestRefundExceptionAction} messages={messages}>
                <Hidden name="orderNumber" value={ctx.orderNumber} />
                <ChoiceGroup
                  name="reason"
                  type="radio"
                  legend={t("reasonLegend")}
                  hint={t("reasonHint")}
                  required
                  choices={reasonChoices}
                />
                <TextField
                  name="reasonText"
                  multiline
                  label={t("exceptionTextLabel")}
                  required
                  maxLength={1000}
                  counter={counter}
                />
                <div>
                  <SubmitButton pendingLabel={tForm("pending")}>{t("exceptionSubmit")}</SubmitButton>
                </div>
              </ActionForm>
            )}
          </section>
        ) : null}

        {eligible.length === 0 && lapsed.length === 0 ? <p>{t("nothingLeft")}</p> : null}
        <SupportRequests requests={requests} locale={locale} />
      </div>
      <FaqPanel locale={locale} tag="refund" />
    </div>
  );
}
