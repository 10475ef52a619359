import { defineRouting } from "next-intl/routing";
import { LOCALES, type TLocale } from "@/db/schema/shared";

export const routing = defineRouting({
  locales: LOCALES,
  defaultLocale: "en",
  localePrefix: "always",
  // The language is in the URL; `/` and locale-less paths (Auth.js's error page) use the language
  // last chosen (a session cookie), else Accept-Language.
  localeCookie: { maxAge: undefined },
});

export function isLocale(value: unknown): value is TLocale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}
