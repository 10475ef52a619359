import { getTranslations } from "next-intl/server";
import { pageLocale } from "@/lib/i18n/page-locale";
import { FaqAnswer } from "@/components/faq/faq-answer";
import { interpolateFaqEntry } from "@/lib/faq/interpolate-faq";
import { getFaq } from "@/lib/faq/load-faq";
import { MAX_QUERY_LENGTH, searchFaq } from "@/lib/faq/search-faq";
import { vendor } from "@/lib/vendor";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The whole FAQ, searchable with a plain GET form (works without JavaScript), one anchor per entry. */
export default async function FaqPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const raw = (await searchParams).q;
  const query = (Array.isArray(raw) ? raw[0] : raw)?.slice(0, MAX_QUERY_LENGTH).trim() ?? "";
  const t = await getTranslations({ locale, namespace: "faq" });
  const v = vendor();
  const entries = getFaq(locale).map((e) =>
    interpolateFaqEntry(e, { vendorName: v.name, supportEmail: v.supportEmail }),
  );
  const shown = query ? searchFaq(entries, query) : entries;

  return (
    <>
      <h1>{t("title")}</h1>
      <search>
        <form method="get" role="search" className="faq-search">
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
      {query ? (
        <div role="status" className="faq-results">
          <p>{t("results", { count: shown.length, query })}</p>
          {shown.length === 0 ? <p>{t("noResultsHelp", { email: v.supportEmail })}</p> : null}
          <p>
            <a href={`/${locale}/faq`}>{t("clear")}</a>
          </p>
        </div>
      ) : null}
      <div className="faq-list">
        {shown.map((entry) => (
          <section key={entry.id} id={entry.id} aria-labelledby={`${entry.id}-q`} className="faq-entry">
            <h2 id={`${entry.id}-q`}>
              {entry.question}{" "}
              <a href={`#${entry.id}`} className="permalink" aria-label={t("permalink")}>
                #
              </a>
            </h2>
            <FaqAnswer markdown={entry.answer} locale={locale} />
          </section>
        ))}
      </div>
    </>
  );
}
