import { translator } from "@/lib/i18n/translations";
import type { TLocale } from "@/lib/i18n/locale";
import { routing } from "@/lib/i18n/routing";
import { LanguageLinks } from "./language-links";

/** Links to the same page in each language: plain links, so it works without JavaScript too. */
export function LanguageSwitcher({ locale }: { locale: TLocale }) {
  const t = translator({ locale });
  return (
    <nav aria-label={t("nav.language")} className="language-switcher">
      <LanguageLinks
        locale={locale}
        languages={routing.locales.map((l) => ({
          locale: l,
          name: t(`languages.${l}`),
          current: t("nav.currentLanguage", { language: t(`languages.${l}`) }),
        }))}
      />
    </nav>
  );
}
