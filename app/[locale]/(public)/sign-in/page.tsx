import { getTranslations } from "next-intl/server";
import { pageLocale } from "@/lib/i18n/page-locale";
import { redirect } from "next/navigation";
import { FaqPanel } from "@/components/faq/faq-panel";
import { FormError } from "@/components/form-error";
import { requestSignInAction } from "@/lib/auth/actions";
import { getSessionCustomer } from "@/lib/auth/session";
import { knownCode } from "@/lib/i18n/error-code";

const ERRORS = ["EMAIL_INVALID", "SESSION_EXPIRED"] as const;

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function SignInPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  if (await getSessionCustomer()) redirect(`/${locale}/orders`);
  const t = await getTranslations({ locale, namespace: "signIn" });
  const error = knownCode((await searchParams).error, ERRORS);
  return (
    <div className="with-aside">
      <div>
        <h1>{t("title")}</h1>
        <p className="lead">{t("lead")}</p>
        <form action={requestSignInAction} className="stack" noValidate>
          <input type="hidden" name="locale" value={locale} />
          <label htmlFor="email">{t("emailLabel")}</label>
          <p id="email-hint" className="hint">
            {t("emailHint")}
          </p>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            required
            maxLength={254}
            aria-describedby={error ? "email-hint email-error" : "email-hint"}
            aria-invalid={error === "EMAIL_INVALID" ? true : undefined}
          />
          <FormError id="email-error" message={error ? t(`errors.${error}`) : null} />
          <div>
            <button type="submit">{t("submit")}</button>
          </div>
        </form>
      </div>
      <FaqPanel locale={locale} tag="sign-in" />
    </div>
  );
}
