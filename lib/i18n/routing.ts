import { defineRouting } from "next-intl/routing";
import { LOCALES, type TLocale } from "@/db/schema/shared";

export const routing = defineRouting({
  locales: LOCALES,
  defaultLocale: "en",
  localePrefix: "always",
  // The language is in the URL; `/` and locale-less paths (Auth.js's error page) use the language
  // last chosen (a session cookie), else Accept-Language.
  localeCookie: { maxAge: undefined },
  // The alternate links come from next.config.ts, for the path asked for: here the middleware would
  // name a signed-in twin's internal path (/fr/signed-in/faq) instead of the page's own.
  alternateLinks: false,
});

export function isLocale(value: unknown): value is TLocale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}
