import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import it from "@/messages/it.json";
import type { TLocale } from "@/db/schema/shared";

const CATALOGUES = { en, fr, it } as const;

const make = (locale: TLocale) =>
  createTranslator({ locale, messages: CATALOGUES[locale], namespace: "document" });
const translators = new Map<TLocale, ReturnType<typeof make>>();

/** A translator for the `document` namespace (invoices, credit notes), outside React; one per locale. */
export function documentTranslator(locale: TLocale) {
  let t = translators.get(locale);
  if (!t) {
    t = make(locale);
    translators.set(locale, t);
  }
  return t;
}
