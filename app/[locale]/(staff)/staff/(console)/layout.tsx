import { getTranslations } from "@/lib/i18n/translations";
import type { ReactNode } from "react";
import { SubmitButton } from "@/components/form/submit-button";
import { Link } from "@/lib/i18n/navigation";
import { pageLocale } from "@/lib/i18n/page-locale";
import { requireStaffPage } from "@/lib/staff/session";
import { staffSignOutAction } from "@/lib/staff/sign-in-actions";

/**
 * The support console. This only turns away who is not staff (a customer gets the not-found page);
 * every staff query and operation checks the staff session again.
 */
export default async function StaffLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const locale = await pageLocale(params);
  const staff = await requireStaffPage(locale);
  const t = await getTranslations({ locale, namespace: "staff" });
  const tForm = await getTranslations({ locale, namespace: "form" });
  return (
    <>
      <div className="portal-bar">
        <nav aria-label={t("nav.label")}>
          <ul className="nav-list">
            <li>
              <Link href="/staff">{t("nav.lookup")}</Link>
            </li>
            <li>
              <Link href="/staff/queue">{t("nav.queue")}</Link>
            </li>
            <li>
              <Link href="/staff/reasons">{t("nav.reasons")}</Link>
            </li>
            <li>
              <Link href="/staff/audit">{t("nav.audit")}</Link>
            </li>
          </ul>
        </nav>
        <form action={staffSignOutAction} className="sign-out">
          <input type="hidden" name="locale" value={locale} />
          <span className="who">{t("signedInAs", { email: staff.email })}</span>{" "}
          <SubmitButton variant="secondary" pendingLabel={tForm("pending")}>
            {t("signOut")}
          </SubmitButton>
        </form>
      </div>
      {children}
    </>
  );
}
