import { getTranslations } from "@/lib/i18n/translations";
import { Notice, Steps } from "@/components/ui";
import { pageLocale } from "@/lib/i18n/page-locale";
import { notFound } from "next/navigation";
import { z } from "zod";
import { FaqPanel } from "@/components/faq/faq-panel";
import { LicenseKey } from "@/components/license-key";
import { getDb } from "@/lib/db";
import { noticeOf } from "@/lib/actions/notice";
import { requireCustomer } from "@/lib/auth/session";
import { formatMoney } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { stripe } from "@/lib/stripe/client";
import { SWAP_CODES } from "@/lib/swaps/errors";
import { getSwap } from "@/lib/swaps/queries";
import { allowedUrl } from "@/lib/http/safe-url";
import { pathParam } from "@/lib/http/path-param";

type TProps = {
  params: Promise<{ locale: string; orderNumber: string; swapId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** A swap's status: waiting for the payment, settling, done (the new key), failed or expired. */
export default async function SwapStatusPage({ params, searchParams }: TProps) {
  const { orderNumber, swapId } = await params;
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const id = z.uuid().safeParse(swapId);
  if (!id.success) notFound();
  const swap = await getSwap(await getDb(), customer.id, id.data, locale);
  if (!swap || swap.orderNumber !== pathParam(orderNumber)) notFound();
  const t = await getTranslations({ locale, namespace: "swap" });
  const amount = formatMoney(Math.abs(swap.difference), swap.currency, locale);
  const isWaiting = swap.status === "pending_payment" || swap.status === "processing";
  // While the payment is open, the customer can go back to Stripe's page to pay.
  let payUrl: string | null = null;
  if (swap.status === "pending_payment" && swap.stripeCheckoutSessionId) {
    const session = await stripe()
      .checkout.sessions.retrieve(swap.stripeCheckoutSessionId)
      .catch(() => null);
    payUrl = session?.status === "open" ? allowedUrl(session.url) : null;
  }
  const isDone = swap.status === "completed";
  const isEnded = swap.status === "failed" || swap.status === "expired";
  const isCancelled =
    swap.status === "expired" && noticeOf(await searchParams, SWAP_CODES.notices) === "CANCELLED";

  return (
    <div className="with-aside">
      {isWaiting ? <meta httpEquiv="refresh" content="5" /> : null}
      <div>
        <p>
          <Link href={`/orders/${swap.orderNumber}`}>{t("backToOrder", { number: swap.orderNumber })}</Link>
        </p>
        <h1>{t("statusTitle")}</h1>
        <p className="lead">{t("fromTo", { from: swap.fromName, to: swap.toName })}</p>
        <Steps
          label={t("statusTitle")}
          steps={[
            { label: t("steps.chosen") },
            { label: t("steps.money"), current: isWaiting },
            { label: t("steps.done"), current: isDone },
          ]}
        />
        <Notice tone={isEnded ? "warn" : "ok"}>
          {isCancelled
            ? t("notices.CANCELLED")
            : t(`status.${swap.status}`, { amount, from: swap.fromName, to: swap.toName })}
        </Notice>
        {payUrl ? (
          <p>
            <a href={payUrl} className="button">
              {t("pay", { amount })}
            </a>
          </p>
        ) : null}
        {isDone ? (
          <>
            <p>
              {swap.isPlan
                ? swap.planMoney
                  ? t(swap.planMoney.kind === "plan_change" ? "moneyPlanPaid" : "moneyPlanCredited", {
                      amount: formatMoney(swap.planMoney.amount, swap.planMoney.currency, locale),
                    })
                  : t("moneyPlan")
                : swap.difference > 0
                  ? t("moneyPaid", { amount })
                  : swap.difference < 0
                    ? t("moneyRefunded", { amount })
                    : t("moneyEqual")}
            </p>
            <h2>{t("newKeyTitle")}</h2>
            <ul className="plain">
              {swap.newKeys.map((k) => (
                <li key={k.id}>
                  <span className="product">{swap.toName}</span> <LicenseKey value={k.key} locale={locale} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {isEnded ? (
          <p>
            <Link href={`/orders/${swap.orderNumber}/swap`} className="button secondary">
              {t("startAgain")}
            </Link>
          </p>
        ) : null}
      </div>
      <FaqPanel locale={locale} tag="swap" />
    </div>
  );
}
