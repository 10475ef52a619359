import { getTranslations } from "@/lib/i18n/translations";
import { Notice, Steps } from "@/components/ui";
import { pageLocale } from "@/lib/i18n/page-locale";
import { notFound } from "next/navigation";
import { z } from "zod";
import { FaqPanel } from "@/components/faq/faq-panel";
import { ActionForm } from "@/components/form/action-form";
import { Hidden } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { getDb } from "@/lib/db";
import { requireCustomer } from "@/lib/auth/session";
import { formatDateTime, formatMoney } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { maskLicenseKey } from "@/lib/licenses/license-key";
import { confirmRefundAction } from "@/lib/refunds/actions";
import { REFUND_CODES } from "@/lib/refunds/errors";
import { codeMessages } from "@/lib/i18n/code-messages";
import { getRefund, getRefundContext } from "@/lib/refunds/queries";
import { pathParam } from "@/lib/http/path-param";

type TProps = { params: Promise<{ locale: string; orderNumber: string; refundId: string }> };

const KNOWN_FAILURES = ["ALREADY_REFUNDED", "WINDOW_CLOSED", "EXCEEDS_PAID"];

/** Step 2 (confirm) while requested; afterwards the refund's status: processing → refunded, or failed. */
export default async function RefundStatusPage({ params }: TProps) {
  const { orderNumber, refundId } = await params;
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const id = z.uuid().safeParse(refundId);
  if (!id.success) notFound();
  const db = await getDb();
  const refund = await getRefund(db, customer.id, id.data);
  if (!refund || refund.orderNumber !== pathParam(orderNumber)) notFound();
  const ctx = await getRefundContext(db, customer.id, refund.orderNumber, locale);
  const t = await getTranslations({ locale, namespace: "refund" });
  const tForm = await getTranslations({ locale, namespace: "form" });
  const money = formatMoney(refund.amount, refund.currency, locale);
  const covered = ctx!.items.filter((i) => refund.items.some((r) => r.orderItemId === i.id));

  return (
    <div className="with-aside">
      {refund.status === "processing" ? <meta httpEquiv="refresh" content="5" /> : null}
      <div>
        <p>
          <Link href={`/orders/${refund.orderNumber}`}>
            {t("backToOrder", { number: refund.orderNumber })}
          </Link>
        </p>
        {refund.status === "requested" ? (
          <>
            <h1>{refund.isWithdrawal ? t("confirmTitleWithdrawal") : t("confirmTitle")}</h1>
            <p className="lead">{t("confirmLead", { amount: money })}</p>
            <ul>
              {covered.map((i) => (
                <li key={i.id}>
                  {i.name}
                  {i.licenses.some((l) => l.status === "active")
                    ? ` · ${t("keysWillStop")} ${i.licenses
                        .filter((l) => l.status === "active")
                        .map((l) => maskLicenseKey(l.key))
                        .join(", ")}`
                    : ""}
                </li>
              ))}
            </ul>
            <ActionForm
              id="refund-confirm"
              action={confirmRefundAction}
              messages={{
                ...codeMessages(REFUND_CODES.errors, (c) => t(`errors.${c}`)),
                ...codeMessages(REFUND_CODES.notices, (c) => t(`notices.${c}`)),
              }}
              className="row"
            >
              <Hidden name="orderNumber" value={refund.orderNumber} />
              <Hidden name="refundId" value={refund.id} />
              <SubmitButton pendingLabel={tForm("pending")}>
                {refund.isWithdrawal
                  ? t("confirmWithdrawal", { amount: money })
                  : t("confirmButton", { amount: money })}
              </SubmitButton>
              <Link href={`/orders/${refund.orderNumber}`} className="button secondary">
                {t("cancel")}
              </Link>
            </ActionForm>
          </>
        ) : (
          <>
            <h1>{t("statusTitle")}</h1>
            <Steps
              label={t("statusTitle")}
              steps={[
                { label: t("steps.requested") },
                { label: t("steps.processing"), current: refund.status === "processing" },
                {
                  label: refund.status === "failed" ? t("steps.failed") : t("steps.refunded"),
                  current: refund.status === "refunded" || refund.status === "failed",
                },
              ]}
            />
            <Notice tone={refund.status === "failed" ? "warn" : "ok"}>
              {refund.status === "processing"
                ? t("processing", { amount: money })
                : refund.status === "refunded"
                  ? t("refunded", {
                      amount: money,
                      date: formatDateTime(refund.completedAt ?? refund.requestedAt, locale),
                    })
                  : KNOWN_FAILURES.includes(refund.failureCode ?? "")
                    ? t(`errors.${refund.failureCode as "ALREADY_REFUNDED"}`)
                    : t("failed", { amount: money })}
            </Notice>
            {refund.isWithdrawal && refund.status !== "failed" ? (
              <p>{t("withdrawalRecorded", { date: formatDateTime(refund.requestedAt, locale) })}</p>
            ) : null}
          </>
        )}
      </div>
      <FaqPanel locale={locale} tag="refund" />
    </div>
  );
}
