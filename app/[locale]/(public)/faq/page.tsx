import { getTranslations } from "@/lib/i18n/translations";
import { FaqEntries } from "@/components/faq/faq-entries";
import { FaqSearchForm } from "@/components/faq/faq-search-form";
import { interpolateFaqEntry } from "@/lib/faq/interpolate-faq";
import { getFaq } from "@/lib/faq/load-faq";
import { pageLocale } from "@/lib/i18n/page-locale";
import { vendor } from "@/lib/vendor";

// The same for everyone: rendered once per locale and process on its first request, then served
// from the page cache (lib/http/page-cache.mjs) with a hash-based CSP (proxy.ts). Searching is
// the dynamic /faq/search page.
export const dynamic = "force-static";
export function generateStaticParams(): { locale: string }[] {
  return [];
}

/** The whole FAQ, searchable with a plain GET form (works without JavaScript), one anchor per entry. */
export default async function FaqPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const t = await getTranslations({ locale, namespace: "faq" });
  const v = vendor();
  const entries = getFaq(locale).map((e) =>
    interpolateFaqEntry(e, { vendorName: v.name, supportEmail: v.supportEmail }),
  );
  return (
    <>
      <h1>{t("title")}</h1>
      <FaqSearchForm locale={locale} />
      <FaqEntries entries={entries} locale={locale} grouped />
    </>
  );
}
