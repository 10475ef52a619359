/** EU member states (ISO 3166-1 alpha-2; Greece is "GR" here, "EL" in VAT numbers). */
export const EU_COUNTRIES = new Set([
  "AT",
  "BE",
  "BG",
  "CY",
  "CZ",
  "DE",
  "DK",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "HU",
  "IE",
  "IT",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SE",
  "SI",
  "SK",
]);

/**
 * The reverse-charge mention applies to a business buyer (with a VAT ID) in
 * another EU country than the seller, charged no VAT (Art. 196 of Directive 2006/112/EC).
 */
export function isReverseCharge(
  seller: { country: string },
  buyer: { country?: string | null; vatId?: string | null },
  tax: number,
): boolean {
  const country = buyer.country?.toUpperCase();
  return (
    tax === 0 &&
    !!buyer.vatId &&
    !!country &&
    country !== seller.country.toUpperCase() &&
    EU_COUNTRIES.has(country) &&
    EU_COUNTRIES.has(seller.country.toUpperCase())
  );
}

/** A VAT rate in basis points from amounts (2000 = 20 %), rounded to a whole tenth of a percent. */
export function rateBps(subtotal: number, tax: number): number {
  if (subtotal <= 0 || tax <= 0) return 0;
  return Math.round((tax * 1000) / subtotal) * 10;
}

/** The VAT share of a gross amount refunded, in the proportion of the invoice it corrects. */
export function taxShare(gross: number, invoice: { tax: number; total: number }): number {
  if (invoice.total <= 0 || invoice.tax <= 0) return 0;
  return Math.min(gross, Math.round((gross * invoice.tax) / invoice.total));
}

export type TTotalsByRate = { taxRateBps: number; subtotal: number; tax: number; total: number };

/** Totals per VAT rate, as an EU invoice must show them. */
export function totalsByRate(
  lines: readonly { taxRateBps: number; subtotal: number; tax: number; total: number }[],
): TTotalsByRate[] {
  const by = new Map<number, TTotalsByRate>();
  for (const l of lines) {
    const t = by.get(l.taxRateBps) ?? { taxRateBps: l.taxRateBps, subtotal: 0, tax: 0, total: 0 };
    t.subtotal += l.subtotal;
    t.tax += l.tax;
    t.total += l.total;
    by.set(l.taxRateBps, t);
  }
  return [...by.values()].sort((a, b) => b.taxRateBps - a.taxRateBps);
}
