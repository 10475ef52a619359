import { getTranslations } from "next-intl/server";
import { pageLocale } from "@/lib/i18n/page-locale";
import { requireStaffPage } from "@/lib/staff/session";

/** The console's start page. */
export default async function StaffHomePage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  await requireStaffPage(locale);
  const t = await getTranslations({ locale, namespace: "staff" });
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
    </>
  );
}
