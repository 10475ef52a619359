import { getTranslations } from "next-intl/server";
import { pageLocale } from "@/lib/i18n/page-locale";
import type { ReactNode } from "react";
import { signOutAction } from "@/lib/auth/actions";
import { requireCustomer } from "@/lib/auth/session";
import { Link } from "@/lib/i18n/navigation";

/** Everything behind a session. This only sends strangers to sign-in; every query still filters by the customer. */
export default async function PortalLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ locale: string }>;
}) {
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const t = await getTranslations({ locale, namespace: "nav" });
  return (
    <>
      <div className="portal-bar">
        <nav aria-label={t("portal")}>
          <ul className="nav-list">
            <li>
              <Link href="/orders">{t("orders")}</Link>
            </li>
            <li>
              <Link href="/licenses">{t("licenses")}</Link>
            </li>
            <li>
              <Link href="/subscriptions">{t("subscriptions")}</Link>
            </li>
            <li>
              <Link href="/account">{t("account")}</Link>
            </li>
          </ul>
        </nav>
        <form action={signOutAction} className="sign-out">
          <input type="hidden" name="locale" value={locale} />
          <span className="who">{customer.email}</span>{" "}
          <button type="submit" className="secondary">
            {t("signOut")}
          </button>
        </form>
      </div>
      {children}
    </>
  );
}
