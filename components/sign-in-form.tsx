import { getTranslations } from "@/lib/i18n/translations";
import { ActionForm } from "@/components/form/action-form";
import { EmailField, Hidden } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { requestSignInAction } from "@/lib/auth/actions";
import { SIGN_IN_CODES } from "@/lib/auth/errors";
import { codeMessages } from "@/lib/i18n/code-messages";
import type { TLocale } from "@/lib/i18n/locale";

/**
 * The sign-in form, on the sign-in page and on the home page. Without JavaScript it always posts to
 * the sign-in page (its permalink), which renders this same form with the errors and the address kept.
 */
export async function SignInForm({ locale, next }: { locale: TLocale; next?: string | null }) {
  const t = await getTranslations({ locale, namespace: "signIn" });
  return (
    <ActionForm
      id="sign-in"
      action={requestSignInAction}
      messages={codeMessages(SIGN_IN_CODES.codes, (c) => t(`errors.${c}`))}
      permalink={`/${locale}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`}
    >
      {next ? <Hidden name="next" value={next} /> : null}
      <EmailField label={t("emailLabel")} hint={t("emailHint")} />
      <div>
        <SubmitButton pendingLabel={t("sending")}>{t("submit")}</SubmitButton>
      </div>
    </ActionForm>
  );
}
