import { defineRouting } from "next-intl/routing";

export const routing = defineRouting({
  locales: ["en", "fr", "it"],
  defaultLocale: "en",
  localePrefix: "always",
  // The language is in the URL; `/` and locale-less paths (Auth.js's error page) use the language
  // last chosen (a session cookie), else Accept-Language.
  localeCookie: { maxAge: undefined },
});

export type TAppLocale = (typeof routing.locales)[number];

export function isAppLocale(value: unknown): value is TAppLocale {
  return typeof value === "string" && (routing.locales as readonly string[]).includes(value);
}
