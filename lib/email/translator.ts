import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import it from "@/messages/it.json";
import type { TLocale } from "@/db/schema/shared";

const CATALOGUES = { en, fr, it } as const;

const make = (locale: TLocale) =>
  createTranslator({ locale, messages: CATALOGUES[locale], namespace: "mail" });
const translators = new Map<TLocale, ReturnType<typeof make>>();

/**
 * A translator for the `mail` namespace, outside React (mails are rendered in
 * workers and webhooks). One per locale and process: it keeps its compiled
 * ICU messages, which matters when a burst of webhooks renders many mails.
 */
export function mailTranslator(locale: TLocale) {
  let t = translators.get(locale);
  if (!t) {
    t = make(locale);
    translators.set(locale, t);
  }
  return t;
}
