import { getTranslations } from "@/lib/i18n/translations";
import { cookies } from "next/headers";
import { ActionForm } from "@/components/form/action-form";
import { CodeField } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { DemoMailboxNote } from "@/components/demo-mailbox-note";
import { redeemCodeAction } from "@/lib/auth/actions";
import { SIGN_IN_CODES } from "@/lib/auth/errors";
import { SIGN_IN_EMAIL_COOKIE } from "@/lib/auth/sign-in-cookie";
import { codeMessages } from "@/lib/i18n/code-messages";
import { Link } from "@/lib/i18n/navigation";
import { pageLocale } from "@/lib/i18n/page-locale";

type TProps = { params: Promise<{ locale: string }> };

/** The same page whether or not the address has purchases, and past the rate limit too. */
export default async function CheckEmailPage({ params }: TProps) {
  const locale = await pageLocale(params);
  const t = await getTranslations({ locale, namespace: "signIn" });
  const email = (await cookies()).get(SIGN_IN_EMAIL_COOKIE)?.value;
  return (
    <>
      <h1>{t("checkTitle")}</h1>
      <p className="lead">{email ? t("checkLead", { email }) : t("checkLeadNoEmail")}</p>
      <p>{t("checkExpiry")}</p>
      {email ? (
        <ActionForm
          id="sign-in-code"
          action={redeemCodeAction}
          messages={codeMessages(SIGN_IN_CODES.codes, (c) => t(`errors.${c}`))}
        >
          <CodeField label={t("codeLabel")} hint={t("codeHint")} />
          <div>
            <SubmitButton pendingLabel={t("signingIn")}>{t("codeSubmit")}</SubmitButton>
          </div>
        </ActionForm>
      ) : null}
      <p>
        <Link href="/sign-in">{t("tryAgain")}</Link>
      </p>
      <DemoMailboxNote label={t("demoMailbox")} />
    </>
  );
}
