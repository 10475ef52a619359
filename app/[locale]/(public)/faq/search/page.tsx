import { getTranslations } from "@/lib/i18n/translations";
import { FaqEntries } from "@/components/faq/faq-entries";
import { FaqSearchForm } from "@/components/faq/faq-search-form";
import { interpolateFaqEntry } from "@/lib/faq/interpolate-faq";
import { getFaq } from "@/lib/faq/load-faq";
import { MAX_QUERY_LENGTH, searchFaq } from "@/lib/faq/search-faq";
import { firstParam } from "@/lib/http/search-params";
import { pageLocale } from "@/lib/i18n/page-locale";
import { vendor } from "@/lib/vendor";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** FAQ search results, on the server for a plain GET form: the FAQ page itself is the same for everyone. */
export default async function FaqSearchPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const query = firstParam((await searchParams).q, MAX_QUERY_LENGTH).trim();
  const t = await getTranslations({ locale, namespace: "faq" });
  const v = vendor();
  const entries = getFaq(locale).map((e) =>
    interpolateFaqEntry(e, { vendorName: v.name, supportEmail: v.supportEmail }),
  );
  const hits = searchFaq(entries, query, locale);
  const shown = hits.map((hit) => hit.entry);
  const terms = new Map(hits.map((hit) => [hit.entry.id, new Set(hit.terms)]));
  return (
    <>
      <h1>{t("title")}</h1>
      <FaqSearchForm locale={locale} query={query} />
      {query ? (
        <div role="status" className="faq-results">
          <p>{t("results", { count: shown.length, query })}</p>
          {shown.length === 0 ? <p>{t("noResultsHelp", { email: v.supportEmail })}</p> : null}
          <p>
            <a href={`/${locale}/faq`}>{t("clear")}</a>
          </p>
        </div>
      ) : null}
      <FaqEntries entries={shown} locale={locale} terms={query ? terms : undefined} />
    </>
  );
}
