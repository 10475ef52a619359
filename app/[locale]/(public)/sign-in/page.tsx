import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { FaqPanel } from "@/components/faq/faq-panel";
import { ActionForm } from "@/components/form/action-form";
import { Hidden, TextField } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { requestSignInAction } from "@/lib/auth/actions";
import { SIGN_IN_CODES } from "@/lib/auth/errors";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getSessionCustomer } from "@/lib/auth/session";
import { codeMessages } from "@/lib/i18n/code-messages";
import { pageLocale } from "@/lib/i18n/page-locale";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function SignInPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const next = safeReturnPath((await searchParams).next);
  if (await getSessionCustomer()) redirect(next ?? `/${locale}/orders`);
  const t = await getTranslations({ locale, namespace: "signIn" });
  return (
    <div className="with-aside">
      <div>
        <h1>{t("title")}</h1>
        <p className="lead">{t("lead")}</p>
        <ActionForm
          id="sign-in"
          action={requestSignInAction}
          messages={codeMessages(SIGN_IN_CODES.codes, (c) => t(`errors.${c}`))}
        >
          {next ? <Hidden name="next" value={next} /> : null}
          <TextField
            name="email"
            type="email"
            label={t("emailLabel")}
            hint={t("emailHint")}
            autoComplete="email"
            inputMode="email"
            required
          />
          <div>
            <SubmitButton pendingLabel={t("sending")}>{t("submit")}</SubmitButton>
          </div>
        </ActionForm>
      </div>
      <FaqPanel locale={locale} tag="sign-in" />
    </div>
  );
}
