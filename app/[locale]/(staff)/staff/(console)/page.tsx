import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { firstParam } from "@/lib/http/search-params";
import { pageLocale } from "@/lib/i18n/page-locale";
import { findCustomerId } from "@/lib/staff/lookup";
import { requireStaffPage } from "@/lib/staff/session";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Customer lookup: one box for an e-mail address, an order number, a license key or a Stripe id. */
export default async function StaffLookupPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const staff = await requireStaffPage(locale);
  const t = await getTranslations({ locale, namespace: "staff" });
  const q = firstParam((await searchParams).q, 300).trim();
  const found = q ? await findCustomerId(await getDb(), staff, q) : null;
  if (found) redirect(`/${locale}/staff/customers/${found}`);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <form method="get" className="stack" role="search" aria-label={t("lookup.label")}>
        <div className="field">
          <label htmlFor="lookup-q">{t("lookup.label")}</label>
          <p className="hint" id="lookup-q-hint">
            {t("lookup.hint")}
          </p>
          <input
            id="lookup-q"
            name="q"
            type="search"
            defaultValue={q}
            aria-describedby="lookup-q-hint"
            required
          />
        </div>
        <div>
          <button type="submit">{t("lookup.submit")}</button>
        </div>
      </form>
      {q ? (
        <p role="status" className="notice warn">
          {t("lookup.none", { q })}
        </p>
      ) : null}
    </>
  );
}
