import type { TLocale } from "@/db/schema/shared";
import { getTranslations } from "next-intl/server";
import { getSessionCustomer } from "@/lib/auth/session";
import { Link } from "@/lib/i18n/navigation";
import { vendor } from "@/lib/vendor";
import { LanguageSwitcher } from "./language-switcher";

export async function SiteHeader({ locale }: { locale: TLocale }) {
  const t = await getTranslations({ locale, namespace: "nav" });
  const customer = await getSessionCustomer();
  return (
    <header className="site-header">
      <div className="container header-row">
        <Link href="/" className="brand">
          {vendor().name}
        </Link>
        <nav aria-label={t("main")}>
          <ul className="nav-list">
            <li>
              <Link href="/faq">{t("faq")}</Link>
            </li>
            <li>
              {customer ? (
                <Link href="/orders">{t("orders")}</Link>
              ) : (
                <Link href="/sign-in">{t("signIn")}</Link>
              )}
            </li>
          </ul>
        </nav>
        <LanguageSwitcher />
      </div>
    </header>
  );
}
