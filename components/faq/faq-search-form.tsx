import { getTranslations } from "next-intl/server";
import type { TLocale } from "@/lib/i18n/locale";
import { MAX_QUERY_LENGTH } from "@/lib/faq/search-faq";

/** A plain GET form (works without JavaScript); its results are the dynamic /faq/search page. */
export async function FaqSearchForm({ locale, query = "" }: { locale: TLocale; query?: string }) {
  const t = await getTranslations({ locale, namespace: "faq" });
  return (
    <search>
      <form method="get" action={`/${locale}/faq/search`} role="search" className="faq-search">
        <label htmlFor="faq-q">{t("searchLabel")}</label>
        <p id="faq-q-hint" className="hint">
          {t("searchHint")}
        </p>
        <div className="row">
          <input
            id="faq-q"
            name="q"
            type="search"
            defaultValue={query}
            maxLength={MAX_QUERY_LENGTH}
            aria-describedby="faq-q-hint"
          />
          <button type="submit">{t("searchButton")}</button>
        </div>
      </form>
    </search>
  );
}
