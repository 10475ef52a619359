import type { TFaqEntry } from "./faq-types";

export type TFaqSettings = { vendorName: string; supportEmail: string };

/** Replaces the `{vendorName}` and `{supportEmail}` placeholders; everything else is left as written. */
export function interpolateFaq(text: string, settings: TFaqSettings): string {
  // Replacer functions, so `$&`-style patterns in a setting are inserted literally.
  return text
    .replaceAll("{vendorName}", () => settings.vendorName)
    .replaceAll("{supportEmail}", () => settings.supportEmail);
}

/** The entry with its question and answer interpolated. */
export function interpolateFaqEntry(entry: TFaqEntry, settings: TFaqSettings): TFaqEntry {
  return {
    ...entry,
    tags: [...entry.tags],
    question: interpolateFaq(entry.question, settings),
    answer: interpolateFaq(entry.answer, settings),
  };
}
