import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import type { TLocale } from "@/db/schema/shared";
import { isLocale } from "./routing";

/**
 * The locale of a page or layout from its `[locale]` segment: the one locale type (TLocale),
 * set for next-intl's static rendering. An unknown locale is the not-found page.
 */
export async function pageLocale(params: Promise<{ locale: string }>): Promise<TLocale> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  setRequestLocale(locale);
  return locale;
}
