import { getTranslations } from "@/lib/i18n/translations";
import { redirect } from "next/navigation";
import { PlainField } from "@/components/form/plain-field";
import { Notice } from "@/components/ui";
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
        <PlainField
          id="lookup-q"
          name="q"
          label={t("lookup.label")}
          hint={t("lookup.hint")}
          defaultValue={q}
        />
        <div>
          <button type="submit">{t("lookup.submit")}</button>
        </div>
      </form>
      {q ? <Notice tone="warn">{t("lookup.none", { q })}</Notice> : null}
    </>
  );
}
