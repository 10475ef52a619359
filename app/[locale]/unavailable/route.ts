import { hasLocale } from "next-intl";
import { getTranslations } from "@/lib/i18n/translations";
import { routing } from "@/lib/i18n/routing";
import { RETRY_AFTER_SECONDS, unavailablePageHtml } from "@/lib/http/unavailable-page";
import { vendor } from "@/lib/vendor";

export const dynamic = "force-dynamic";

type TContext = { params: Promise<{ locale: string }> };

/** "Try again shortly", 503: where a signed-in customer is sent while the database cannot be reached. */
export async function GET(request: Request, { params }: TContext): Promise<Response> {
  const { locale: asked } = await params;
  const locale = hasLocale(routing.locales, asked) ? asked : routing.defaultLocale;
  const t = await getTranslations({ locale, namespace: "unavailable" });
  const next = new URL(request.url).searchParams.get("next");
  const html = unavailablePageHtml(
    locale,
    { title: t("title"), body: t("body"), retry: t("retry"), vendorName: vendor().name },
    next,
  );
  return new Response(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(RETRY_AFTER_SECONDS),
      "Cache-Control": "no-store",
    },
  });
}
