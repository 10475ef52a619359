import { getTranslations } from "@/lib/i18n/translations";
import { pageLocale } from "@/lib/i18n/page-locale";
import { notFound } from "next/navigation";
import { FaqPanel } from "@/components/faq/faq-panel";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, Hidden } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { PendingSwaps } from "@/components/swaps/pending-swaps";
import { getDb } from "@/lib/db";
import { requireCustomer } from "@/lib/auth/session";
import { syncCatalog } from "@/lib/catalog/sync-catalog";
import { codeMessages } from "@/lib/i18n/code-messages";
import { formatDate, formatMoney } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { timeZoneForCountry } from "@/lib/i18n/time-zone";
import { maskLicenseKey } from "@/lib/licenses/license-key";
import { stripe } from "@/lib/stripe/client";
import { startSwapAction } from "@/lib/swaps/actions";
import { SWAP_CODES } from "@/lib/swaps/errors";
import { pendingSwaps } from "@/lib/swaps/pending-swap";
import { planSwapQuotes, type TPlanQuote } from "@/lib/swaps/plan-quote";
import { getSwapContext, swapOptions } from "@/lib/swaps/queries";
import { pathParam } from "@/lib/http/path-param";
import { logger } from "@/lib/log/logger";

type TProps = { params: Promise<{ locale: string; orderNumber: string }> };

/** Choose the item and the product it should have been, see the difference with VAT, confirm. */
export default async function SwapPage({ params }: TProps) {
  const { orderNumber } = await params;
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const db = await getDb();
  // Editions nobody has bought yet come from Stripe (at most every few minutes); an outage only narrows the choice.
  await syncCatalog(db, stripe()).catch((error: unknown) =>
    logger().error({ err: error }, "catalog sync failed"),
  );
  const ctx = await getSwapContext(db, customer.id, pathParam(orderNumber) ?? notFound(), locale);
  if (!ctx) notFound();
  const t = await getTranslations({ locale, namespace: "swap" });
  const tForm = await getTranslations({ locale, namespace: "form" });
  const messages = {
    ...codeMessages(SWAP_CODES.errors, (c) => t(`errors.${c}`)),
    ...codeMessages(SWAP_CODES.notices, (c) => t(`notices.${c}`)),
  };
  const zone = timeZoneForCountry(ctx.country);
  const money = (n: number) => formatMoney(n, ctx.currency, locale);
  const now = new Date();
  const options = swapOptions(ctx, now);
  // A yearly plan's change is prorated by Stripe: its preview, from this moment, is what confirming charges.
  const prorationDate = Math.floor(now.getTime() / 1000);
  const planQuotes = new Map<string, Map<string, TPlanQuote>>();
  for (const { item, allowed, targets } of options) {
    if (item.kind !== "yearly" || !allowed.ok) continue;
    const prices = targets.flatMap((target) => (target.stripePriceId ? [target.stripePriceId] : []));
    planQuotes.set(item.id, await planSwapQuotes(db, stripe(), customer.id, item.id, prices, prorationDate));
  }
  const planHint = (quote: TPlanQuote | undefined) =>
    !quote
      ? t("planProrated")
      : quote.total > 0
        ? t("planPay", { amount: money(quote.amountDue), tax: money(quote.tax) })
        : quote.total < 0
          ? t("planCredit", { amount: money(-quote.total), tax: money(-quote.tax) })
          : t("samePrice");

  return (
    <div className="with-aside">
      <div>
        <p>
          <Link href={`/orders/${ctx.orderNumber}`}>{t("backToOrder", { number: ctx.orderNumber })}</Link>
        </p>
        <h1>{t("title")}</h1>
        <p className="lead">{t("lead")}</p>
        <PendingSwaps
          swaps={await pendingSwaps(db, customer.id, ctx.id, locale)}
          orderNumber={ctx.orderNumber}
          locale={locale}
        />
        {options.map(({ item, allowed, targets }) => (
          <section key={item.id} className="card stack" aria-labelledby={`item-${item.id}-title`}>
            <h2 id={`item-${item.id}-title`}>
              {item.name}
              {item.quantity > 1 ? ` × ${item.quantity}` : ""} · {money(item.total)}
            </h2>
            {!allowed.ok ? (
              <p className="hint">
                {t(`cannot.${allowed.code === "TARGET_NOT_ALLOWED" ? "NOT_ELIGIBLE" : allowed.code}`)}
              </p>
            ) : targets.length === 0 ? (
              <p className="hint">{t("noTargets")}</p>
            ) : (
              <ActionForm id={`swap-${item.id}`} action={startSwapAction} messages={messages}>
                <Hidden name="orderNumber" value={ctx.orderNumber} />
                <Hidden name="itemId" value={item.id} />
                {item.kind === "yearly" ? (
                  <Hidden name="prorationDate" value={String(prorationDate)} />
                ) : null}
                <ChoiceGroup
                  name="targetProductId"
                  type="radio"
                  legend={t("targetLegend", { product: item.name })}
                  hint={
                    <>
                      {t("eligibleUntil", { date: formatDate(allowed.deadline, locale, zone) })}
                      {item.activeKeys.length
                        ? ` · ${t("currentKeys", { keys: item.activeKeys.map(maskLicenseKey).join(", ") })}`
                        : ""}
                    </>
                  }
                  required
                  defaultValue={targets.length === 1 ? [targets[0]!.productId] : []}
                  choices={targets.map((target) => {
                    const { difference, differenceTax } = target.quote;
                    return {
                      value: target.productId,
                      label: `${target.name} · ${t("targetPrice", { price: money(target.unitAmount * item.quantity) })}`,
                      hint:
                        item.kind === "yearly"
                          ? planHint(
                              target.stripePriceId
                                ? planQuotes.get(item.id)?.get(target.stripePriceId)
                                : undefined,
                            )
                          : difference > 0
                            ? t("payMore", { amount: money(difference), tax: money(differenceTax) })
                            : difference < 0
                              ? t("getBack", { amount: money(-difference), tax: money(-differenceTax) })
                              : t("samePrice"),
                    };
                  })}
                />
                <div>
                  <SubmitButton pendingLabel={tForm("pending")}>{t("confirm")}</SubmitButton>
                </div>
              </ActionForm>
            )}
          </section>
        ))}
      </div>
      <FaqPanel locale={locale} tag="swap" />
    </div>
  );
}
