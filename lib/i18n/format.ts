/** Money and dates per locale, as pure functions (the UI never formats by hand). */

const LOCALE_TAGS = { en: "en-GB", fr: "fr-FR", it: "it-IT" } as const;

export function localeTag(locale: string): string {
  return LOCALE_TAGS[locale as keyof typeof LOCALE_TAGS] ?? "en-GB";
}

// Building an Intl formatter costs far more than using one (a profile showed 6 % of a page's CPU
// here): each is built once per process and key, then reused. The keys come from a few locales,
// currencies and time zones, so the caches stay small.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const minorDigits = new Map<string, number>();

/**
 * Italian groups thousands from 1.000 on (the glossary), while CLDR's Italian data only groups from
 * 10.000: "always" writes 1.000 and 1.000,00 €. The other locales keep their own rule.
 */
function groupingOf(tag: string): "always" | "auto" {
  return tag.startsWith("it") ? "always" : "auto";
}

function moneyFormat(tag: string, currency: string): Intl.NumberFormat {
  const key = `${tag}|${currency}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(tag, { style: "currency", currency, useGrouping: groupingOf(tag) });
    numberFormats.set(key, f);
  }
  return f;
}

function digitsOf(currency: string): number {
  let d = minorDigits.get(currency);
  if (d === undefined) {
    d = moneyFormat("en", currency).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigits.set(currency, d);
  }
  return d;
}

function dateFormat(tag: string, withTime: boolean, timeZone: string): Intl.DateTimeFormat {
  const key = `${tag}|${withTime ? "dt" : "d"}|${timeZone}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(tag, {
      dateStyle: "long",
      ...(withTime ? { timeStyle: "short" as const } : {}),
      timeZone,
    });
    dateFormats.set(key, f);
  }
  return f;
}

/** `amount` in minor units of `currency` (ISO 4217, any case). */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const code = currency.toUpperCase();
  return moneyFormat(localeTag(locale), code).format(amount / 10 ** digitsOf(code));
}

export function formatDate(date: Date, locale: string, timeZone = "UTC"): string {
  return dateFormat(localeTag(locale), false, timeZone).format(date);
}

/** French writes times "21 h 07" (no-break spaces), not "21:07". */
const FRENCH_TIME = /\b(\d{1,2}):(\d{2})\b/g;

export function formatDateTime(date: Date, locale: string, timeZone = "UTC"): string {
  const text = dateFormat(localeTag(locale), true, timeZone).format(date);
  return locale === "fr" ? text.replace(FRENCH_TIME, "$1\u00a0h\u00a0$2") : text;
}

const plainNumbers = new Map<string, Intl.NumberFormat>();

/** A plain number (a tax rate, a count) in the locale's notation. */
export function formatNumber(value: number, locale: string): string {
  const tag = localeTag(locale);
  let f = plainNumbers.get(tag);
  if (!f) {
    f = new Intl.NumberFormat(tag, { useGrouping: groupingOf(tag) });
    plainNumbers.set(tag, f);
  }
  return f.format(value);
}

const CARD_BRANDS: Record<string, string> = {
  amex: "American Express",
  cartes_bancaires: "Cartes Bancaires",
  diners: "Diners Club",
  discover: "Discover",
  eftpos_au: "eftpos",
  jcb: "JCB",
  link: "Link",
  mastercard: "Mastercard",
  unionpay: "UnionPay",
  visa: "Visa",
};

/** A card brand as Stripe names it ("visa", "amex") written as the brand writes itself ("Visa", "American Express"). */
export function cardBrandName(brand: string): string {
  const known = CARD_BRANDS[brand.toLowerCase()];
  if (known) return known;
  return brand.replace(/_/g, " ").replace(/^\p{Ll}/u, (c) => c.toUpperCase());
}
