import { createTranslator } from "next-intl";
import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import it from "@/messages/it.json";
import type { TLocale } from "@/db/schema/shared";

const CATALOGUES = { en, fr, it } as const;

/** A translator for the `mail` namespace, outside React (mails are rendered in workers and webhooks). */
export function mailTranslator(locale: TLocale) {
  return createTranslator({ locale, messages: CATALOGUES[locale], namespace: "mail" });
}
