import { getTranslations } from "@/lib/i18n/translations";
import { signOutAction } from "@/lib/auth/actions";
import { getSessionCustomer } from "@/lib/auth/session";
import type { TLocale } from "@/lib/i18n/locale";
import { Link } from "@/lib/i18n/navigation";
import { vendor } from "@/lib/vendor";
import { SubmitButton } from "./form/submit-button";
import { LanguageSwitcher } from "./language-switcher";
import { Logo } from "./logo";
import { NavLink } from "./nav-link";
import { SiteMenu } from "./site-menu";

/**
 * One navigation for the whole site. Signed in: the portal's sections and an account menu with
 * sign out. Signed out, and on the pages rendered once for everyone (home, FAQ: there the session
 * reads as none, as they are force-static): "My orders", which leads a stranger to sign-in.
 */
export async function SiteHeader({ locale }: { locale: TLocale }) {
  const t = await getTranslations({ locale, namespace: "nav" });
  const tForm = await getTranslations({ locale, namespace: "form" });
  const customer = await getSessionCustomer();
  const v = vendor();
  const href = (p: string) => `/${locale}${p}`;
  return (
    <header className="site-header">
      <div className="container header-row">
        <Link href="/" className="brand">
          <Logo name={v.name} />
          <span>{v.name}</span>
        </Link>
        <SiteMenu label={t("menu")}>
          <nav aria-label={customer ? t("portal") : t("main")} className="main-nav">
            <ul className="nav-list">
              <li>
                <NavLink href={href("/orders")}>{t("orders")}</NavLink>
              </li>
              {customer ? (
                <>
                  <li>
                    <NavLink href={href("/licenses")}>{t("licenses")}</NavLink>
                  </li>
                  <li>
                    <NavLink href={href("/subscriptions")}>{t("subscriptions")}</NavLink>
                  </li>
                </>
              ) : null}
              <li>
                <NavLink href={href("/faq")}>{t("faq")}</NavLink>
              </li>
            </ul>
          </nav>
          {customer ? (
            <details className="account-menu">
              <summary>
                <span className="visually-hidden">{t("account")}: </span>
                <span className="account-email">{customer.email}</span>
              </summary>
              <div className="menu">
                <NavLink href={href("/account")}>{t("account")}</NavLink>
                <form action={signOutAction}>
                  <input type="hidden" name="locale" value={locale} />
                  <SubmitButton variant="secondary" pendingLabel={tForm("pending")}>
                    {t("signOut")}
                  </SubmitButton>
                </form>
              </div>
            </details>
          ) : null}
          <LanguageSwitcher locale={locale} />
        </SiteMenu>
      </div>
    </header>
  );
}
