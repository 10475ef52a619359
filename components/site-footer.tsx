import type { TLocale } from "@/lib/i18n/locale";
import { translator } from "@/lib/i18n/translations";
import { vendor } from "@/lib/vendor";

export function SiteFooter({ locale }: { locale: TLocale }) {
  const t = translator({ locale, namespace: "footer" });
  const v = vendor();
  return (
    <footer className="site-footer">
      <div className="container">
        <p>
          {t("support")} <a href={`mailto:${v.supportEmail}`}>{v.supportEmail}</a>
        </p>
        <p>{t("rights", { year: new Date().getFullYear(), vendor: v.name })}</p>
      </div>
    </footer>
  );
}
