import { getTranslations } from "@/lib/i18n/translations";
import { pageLocale } from "@/lib/i18n/page-locale";
import { safeReturnPath } from "@/lib/auth/return-path";
import { firstParam } from "@/lib/http/search-params";
import { Link } from "@/lib/i18n/navigation";
import { Notice } from "@/components/ui";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * Opening the link only shows this page: mail scanners that pre-open links do
 * not burn them. Only the button (a plain form, no JavaScript needed) signs in,
 * through Auth.js's e-mail callback. Sent with Referrer-Policy: no-referrer.
 */
export default async function ConfirmSignInPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const t = await getTranslations({ locale, namespace: "signIn" });
  const q = await searchParams;
  const token = firstParam(q.token, 300);
  const email = firstParam(q.email, 300);
  const next = safeReturnPath(firstParam(q.next, 500)) ?? `/${locale}/orders`;
  if (!token || !email) {
    return (
      <>
        <h1>{t("confirmTitle")}</h1>
        <Notice tone="error">{t("errors.LINK_BROKEN")}</Notice>
        <p>
          <Link href="/sign-in">{t("tryAgain")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("confirmTitle")}</h1>
      <p className="lead">{t("confirmLead", { email })}</p>
      <form method="get" action="/api/auth/callback/email">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="callbackUrl" value={next} />
        <button type="submit">{t("confirmSubmit")}</button>
      </form>
      <p className="hint">{t("confirmNotYou")}</p>
    </>
  );
}
