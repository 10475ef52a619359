import type { Metadata, Viewport } from "next";
import { pageLocale } from "@/lib/i18n/page-locale";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { setRequestLocale } from "next-intl/server";
import { getTranslations } from "@/lib/i18n/translations";
import type { ReactNode } from "react";
import { ErrorMessagesProvider } from "@/components/error-messages";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { routing } from "@/lib/i18n/routing";
import { brandCss } from "@/lib/brand";
import { vendor } from "@/lib/vendor";

type TProps = { children: ReactNode; params: Promise<{ locale: string }> };

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
};

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  const locale = await pageLocale(params);
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "meta" });
  return {
    title: t("title", { vendor: vendor().name }),
    description: t("description"),
    icons: { icon: [{ url: "/favicon.ico", type: "image/svg+xml" }] },
  };
}

export default async function LocaleLayout({ children, params }: TProps) {
  const locale = await pageLocale(params);
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations({ locale, namespace: "nav" });
  const tError = await getTranslations({ locale, namespace: "error" });
  // No NextIntlClientProvider: client components get their words translated on the server as
  // props, so the browser loads no catalogue and no ICU formatter.
  const errorMessages = { title: tError("title"), body: tError("body"), retry: tError("retry") };
  return (
    <html lang={locale}>
      <head>
        {/* The brand's colours (lib/brand.ts), for both themes; globals.css uses them. */}
        <style>{brandCss()}</style>
      </head>
      <body>
        <ErrorMessagesProvider messages={errorMessages}>
          <a className="skip-link" href="#main">
            {t("skipToContent")}
          </a>
          <SiteHeader locale={locale} />
          <main id="main" className="container" tabIndex={-1}>
            {children}
          </main>
          <SiteFooter locale={locale} />
        </ErrorMessagesProvider>
      </body>
    </html>
  );
}
