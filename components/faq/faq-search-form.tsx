import { getTranslations } from "@/lib/i18n/translations";
import { PlainField } from "@/components/form/plain-field";
import type { TLocale } from "@/lib/i18n/locale";
import { MAX_QUERY_LENGTH } from "@/lib/faq/search-faq";

/**
 * A plain GET form (works without JavaScript); its results are the dynamic /faq/search page. One
 * search landmark: the form's role (a `<search>` around it made two, nested).
 */
export async function FaqSearchForm({ locale, query = "" }: { locale: TLocale; query?: string }) {
  const t = await getTranslations({ locale, namespace: "faq" });
  return (
    <form method="get" action={`/${locale}/faq/search`} role="search" className="faq-search">
      <PlainField
        id="faq-q"
        name="q"
        label={t("searchLabel")}
        hint={t("searchHint")}
        defaultValue={query}
        maxLength={MAX_QUERY_LENGTH}
      >
        <button type="submit">{t("searchButton")}</button>
      </PlainField>
    </form>
  );
}
