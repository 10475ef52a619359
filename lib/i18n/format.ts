/** Money and dates per locale, as pure functions (the UI never formats by hand). */

const LOCALE_TAGS = { en: "en-GB", fr: "fr-FR", it: "it-IT" } as const;

export function localeTag(locale: string): string {
  return LOCALE_TAGS[locale as keyof typeof LOCALE_TAGS] ?? "en-GB";
}

/** `amount` in minor units of `currency` (ISO 4217, any case). */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const code = currency.toUpperCase();
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(localeTag(locale), { style: "currency", currency: code }).format(
    amount / 10 ** digits,
  );
}

export function formatDate(date: Date, locale: string, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat(localeTag(locale), { dateStyle: "long", timeZone }).format(date);
}

export function formatDateTime(date: Date, locale: string, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat(localeTag(locale), {
    dateStyle: "long",
    timeStyle: "short",
    timeZone,
  }).format(date);
}
