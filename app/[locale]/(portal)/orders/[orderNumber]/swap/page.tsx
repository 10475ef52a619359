import { getTranslations } from "next-intl/server";
import { pageLocale } from "@/lib/i18n/page-locale";
import { notFound } from "next/navigation";
import { FaqPanel } from "@/components/faq/faq-panel";
import { FormError } from "@/components/form-error";
import { getDb } from "@/db/client";
import { requireCustomer } from "@/lib/auth/session";
import { syncCatalog } from "@/lib/catalog/sync-catalog";
import { knownCode } from "@/lib/i18n/error-code";
import { formatDate, formatMoney } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { timeZoneForCountry } from "@/lib/i18n/time-zone";
import { maskLicenseKey } from "@/lib/licenses/license-key";
import { stripe } from "@/lib/stripe/client";
import { startSwapAction } from "@/lib/swaps/actions";
import { getSwapContext, swapOptions } from "@/lib/swaps/queries";

const ERRORS = [
  "NOT_ELIGIBLE",
  "ALREADY_SWAPPED",
  "WINDOW_CLOSED",
  "TARGET_NOT_ALLOWED",
  "NOTHING_SELECTED",
  "PAYMENT_UNAVAILABLE",
  "INVALID",
] as const;

type TProps = {
  params: Promise<{ locale: string; orderNumber: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Choose the item and the product it should have been, see the difference with VAT, confirm. */
export default async function SwapPage({ params, searchParams }: TProps) {
  const { orderNumber } = await params;
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const db = await getDb();
  // Editions nobody has bought yet come from Stripe (at most every few minutes); an outage only narrows the choice.
  await syncCatalog(db, stripe()).catch((error: unknown) =>
    console.error("catalog sync:", error instanceof Error ? error.message : error),
  );
  const ctx = await getSwapContext(db, customer.id, decodeURIComponent(orderNumber).slice(0, 40), locale);
  if (!ctx) notFound();
  const t = await getTranslations({ locale, namespace: "swap" });
  const q = await searchParams;
  const error = knownCode(q.error, ERRORS);
  const zone = timeZoneForCountry(ctx.country);
  const money = (n: number) => formatMoney(n, ctx.currency, locale);
  const options = swapOptions(ctx, new Date());

  return (
    <div className="with-aside">
      <div>
        <p>
          <Link href={`/orders/${ctx.orderNumber}`}>{t("backToOrder", { number: ctx.orderNumber })}</Link>
        </p>
        <h1>{t("title")}</h1>
        <p className="lead">{t("lead")}</p>
        <FormError id="swap-error" message={error ? t(`errors.${error}`) : null} />
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
              <form action={startSwapAction} className="stack" noValidate>
                <input type="hidden" name="locale" value={locale} />
                <input type="hidden" name="orderNumber" value={ctx.orderNumber} />
                <input type="hidden" name="itemId" value={item.id} />
                <p className="hint" id={`item-${item.id}-info`}>
                  {t("eligibleUntil", { date: formatDate(allowed.deadline, locale, zone) })}
                  {item.activeKeys.length
                    ? ` · ${t("currentKeys", { keys: item.activeKeys.map(maskLicenseKey).join(", ") })}`
                    : ""}
                </p>
                <fieldset aria-describedby={`item-${item.id}-info`}>
                  <legend>{t("targetLegend", { product: item.name })}</legend>
                  {targets.map((target) => {
                    const id = `target-${item.id}-${target.productId}`;
                    const { difference, differenceTax } = target.quote;
                    return (
                      <div key={target.productId} className="choice">
                        <input
                          type="radio"
                          id={id}
                          name="targetProductId"
                          value={target.productId}
                          required
                          defaultChecked={targets.length === 1}
                          aria-describedby={`${id}-hint`}
                        />
                        <label htmlFor={id}>
                          {target.name} ·{" "}
                          {t("targetPrice", { price: money(target.unitAmount * item.quantity) })}
                        </label>
                        <p className="hint" id={`${id}-hint`}>
                          {item.kind === "yearly"
                            ? t("planProrated")
                            : difference > 0
                              ? t("payMore", { amount: money(difference), tax: money(differenceTax) })
                              : difference < 0
                                ? t("getBack", { amount: money(-difference), tax: money(-differenceTax) })
                                : t("samePrice")}
                        </p>
                      </div>
                    );
                  })}
                </fieldset>
                <div>
                  <button type="submit">{t("confirm")}</button>
                </div>
              </form>
            )}
          </section>
        ))}
      </div>
      <FaqPanel locale={locale} tag="swap" />
    </div>
  );
}
