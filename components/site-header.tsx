import type { TLocale } from "@/db/schema/shared";
import { getTranslations } from "next-intl/server";
import { Link } from "@/lib/i18n/navigation";
import { vendor } from "@/lib/vendor";
import { LanguageSwitcher } from "./language-switcher";

/**
 * The same for everyone, signed in or not, so that the pages rendered once (home, FAQ) can carry it:
 * "My orders" leads a stranger to the sign-in page. The portal's own bar shows the signed-in account.
 */
export async function SiteHeader({ locale }: { locale: TLocale }) {
  const t = await getTranslations({ locale, namespace: "nav" });
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
              <Link href="/orders">{t("orders")}</Link>
            </li>
          </ul>
        </nav>
        <LanguageSwitcher locale={locale} />
      </div>
    </header>
  );
}
