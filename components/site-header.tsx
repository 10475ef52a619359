import { getTranslations } from "next-intl/server";
import { Link } from "@/lib/i18n/navigation";
import { vendor } from "@/lib/vendor";
import { LanguageSwitcher } from "./language-switcher";

export async function SiteHeader({ locale }: { locale: string }) {
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
          </ul>
        </nav>
        <LanguageSwitcher />
      </div>
    </header>
  );
}
