"use client";

import { useLocale, useTranslations } from "next-intl";
import { Link, usePathname } from "@/lib/i18n/navigation";
import { routing } from "@/lib/i18n/routing";

/** Links to the same page in each language: plain links, so it works without JavaScript too. */
export function LanguageSwitcher() {
  const t = useTranslations();
  const locale = useLocale();
  const pathname = usePathname();
  return (
    <nav aria-label={t("nav.language")} className="language-switcher">
      <ul>
        {routing.locales.map((l) => (
          <li key={l}>
            {l === locale ? (
              <span aria-current="true" title={t("nav.currentLanguage", { language: t(`languages.${l}`) })}>
                {t(`languages.${l}`)}
              </span>
            ) : (
              <Link href={pathname} locale={l} hrefLang={l} lang={l}>
                {t(`languages.${l}`)}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
