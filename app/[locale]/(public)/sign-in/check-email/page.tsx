import { getTranslations } from "next-intl/server";
import { pageLocale } from "@/lib/i18n/page-locale";
import { cookies } from "next/headers";
import { FormError } from "@/components/form-error";
import { redeemCodeAction } from "@/lib/auth/actions";
import { SIGN_IN_EMAIL_COOKIE } from "@/lib/auth/sign-in-cookie";
import { CODE_LENGTH } from "@/lib/auth/sign-in-code";
import { env } from "@/lib/env";
import { knownCode } from "@/lib/i18n/error-code";
import { Link } from "@/lib/i18n/navigation";

const ERRORS = ["CODE_FORMAT"] as const;

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The same page whether or not the address has purchases, and past the rate limit too. */
export default async function CheckEmailPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const t = await getTranslations({ locale, namespace: "signIn" });
  const email = (await cookies()).get(SIGN_IN_EMAIL_COOKIE)?.value;
  const error = knownCode((await searchParams).error, ERRORS);
  const mailbox = env().demoMailboxUrl;
  return (
    <>
      <h1>{t("checkTitle")}</h1>
      <p className="lead">{email ? t("checkLead", { email }) : t("checkLeadNoEmail")}</p>
      <p>{t("checkExpiry")}</p>
      {email ? (
        <form action={redeemCodeAction} className="stack" noValidate>
          <input type="hidden" name="locale" value={locale} />
          <label htmlFor="code">{t("codeLabel")}</label>
          <p id="code-hint" className="hint">
            {t("codeHint")}
          </p>
          <input
            id="code"
            name="code"
            type="text"
            inputMode="text"
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            required
            maxLength={CODE_LENGTH + 4}
            className="code-input"
            aria-describedby={error ? "code-hint code-error" : "code-hint"}
            aria-invalid={error ? true : undefined}
          />
          <FormError id="code-error" message={error ? t(`errors.${error}`) : null} />
          <div>
            <button type="submit">{t("codeSubmit")}</button>
          </div>
        </form>
      ) : null}
      <p>
        <Link href="/sign-in">{t("tryAgain")}</Link>
      </p>
      {mailbox ? (
        <p className="demo-note">
          {t("demoMailbox")} <a href={mailbox}>{mailbox}</a>
        </p>
      ) : null}
    </>
  );
}
