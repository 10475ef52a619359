import { defineRouting } from "next-intl/routing";

export const routing = defineRouting({
  locales: ["en", "fr", "it"],
  defaultLocale: "en",
  localePrefix: "always",
  // The language is in the URL; `/` negotiates from Accept-Language. No cookie decides for the user.
  localeCookie: false,
});

export type TAppLocale = (typeof routing.locales)[number];

export function isAppLocale(value: unknown): value is TAppLocale {
  return typeof value === "string" && (routing.locales as readonly string[]).includes(value);
}
