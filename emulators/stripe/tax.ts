// Tax arithmetic for Tax Rates: per line and per rate, rounded to the minor unit (half away from zero).
// Exclusive rates add tax on top of the amount; inclusive rates take it out of the amount.
import type Stripe from "stripe";
import type { Core } from "./core";

export type LineTax = { rate: Stripe.TaxRate; amount: number; taxableAmount: number; inclusive: boolean };

export type LineTaxes = {
  taxes: LineTax[];
  /** Tax added on top of the amount. */
  exclusive: number;
  /** Tax already contained in the amount. */
  inclusive: number;
};

const HUNDRED = 1_000_000; // 100 % in millionths of a unit: percentages have at most 4 decimals

/** A percentage as an integer number of ten-thousandths of a percent (20 → 200000). */
function pctUnits(percentage: number): number {
  return Math.round(percentage * 10_000);
}

/** n / d rounded half away from zero, exactly, for integers n and d > 0. */
export function roundDiv(n: number, d: number): number {
  const sign = n < 0 ? -1 : 1;
  const abs = Math.abs(n);
  const q = Math.floor(abs / d);
  const r = abs - q * d;
  return sign * (2 * r >= d ? q + 1 : q);
}

/** Taxes of one line of `amount` (minor units, may be negative for credits) under `rates`. */
export function lineTaxes(amount: number, rates: readonly Stripe.TaxRate[]): LineTaxes {
  const inclusiveRates = rates.filter((r) => r.inclusive);
  const inclusiveUnits = inclusiveRates.reduce((s, r) => s + pctUnits(r.percentage), 0);
  const inclusiveTaxes = new Map<string, number>();
  for (const r of inclusiveRates)
    inclusiveTaxes.set(r.id, roundDiv(amount * pctUnits(r.percentage), HUNDRED + inclusiveUnits));
  const inclusive = [...inclusiveTaxes.values()].reduce((s, x) => s + x, 0);
  const taxable = amount - inclusive;
  let exclusive = 0;
  const taxes = rates.map((rate): LineTax => {
    const tax = rate.inclusive
      ? (inclusiveTaxes.get(rate.id) ?? 0)
      : roundDiv(taxable * pctUnits(rate.percentage), HUNDRED);
    if (!rate.inclusive) exclusive += tax;
    return { rate, amount: tax, taxableAmount: taxable, inclusive: rate.inclusive };
  });
  return { taxes, exclusive, inclusive };
}

/** Sums taxes per rate, in order of first appearance. */
export function sumByRate<T extends { amount: number; taxable_amount: number | null }>(
  entries: readonly T[],
  rateId: (t: T) => string,
): T[] {
  const out = new Map<string, T>();
  for (const e of entries) {
    const key = rateId(e);
    const acc = out.get(key);
    if (!acc) out.set(key, structuredClone(e));
    else {
      acc.amount += e.amount;
      acc.taxable_amount = (acc.taxable_amount ?? 0) + (e.taxable_amount ?? 0);
    }
  }
  return [...out.values()];
}

/** A Checkout Session's taxes summed per rate (`total_details.breakdown.taxes`). */
export function sessionTaxBreakdown(
  core: Core,
  sessionId: string,
): Stripe.Checkout.Session.TotalDetails.Breakdown.Tax[] {
  const all = (core.state.sessionLineItems[sessionId] ?? []).flatMap(
    (li) => core.state.lineItemTaxes[li.id] ?? [],
  );
  return sumByRate(all, (t) => t.rate.id);
}

/** "VAT 20%" / "VAT 20% (included)" style label. */
export function rateLabel(rate: Stripe.TaxRate, includedWord: string, locale: string): string {
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 4 }).format(
    rate.percentage / 100,
  );
  return `${rate.display_name} ${pct}${rate.inclusive ? ` (${includedWord})` : ""}`;
}
