// Currency helpers: Stripe amounts are integers in the currency's minor unit.

const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);

export function isZeroDecimal(currency: string): boolean {
  return ZERO_DECIMAL.has(currency.toLowerCase());
}

/** "€12.50" style formatting as Stripe uses in its error messages. */
export function formatAmount(amount: number, currency: string, locale = "en-US"): string {
  const major = isZeroDecimal(currency) ? amount : amount / 100;
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(
      major,
    );
  } catch {
    return `${major.toFixed(isZeroDecimal(currency) ? 0 : 2)} ${currency.toUpperCase()}`;
  }
}
