import { getTranslations } from "@/lib/i18n/translations";
import { ActionForm } from "@/components/form/action-form";
import { CodeField, Hidden } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { Notice } from "@/components/ui";
import { firstParam } from "@/lib/http/search-params";
import { codeMessages } from "@/lib/i18n/code-messages";
import { Link } from "@/lib/i18n/navigation";
import { pageLocale } from "@/lib/i18n/page-locale";
import { STAFF_SIGN_IN_CODES } from "@/lib/staff/errors";
import { safeStaffPath } from "@/lib/staff/schemas";
import { redeemStaffCodeAction } from "@/lib/staff/sign-in-actions";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Opening the mailed link only shows this page (mail scanners do not spend the code); the button signs in. */
export default async function StaffConfirmPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const t = await getTranslations({ locale, namespace: "staffSignIn" });
  const q = await searchParams;
  const code = firstParam(q.code, 64);
  const email = firstParam(q.email, 254);
  const next = safeStaffPath(firstParam(q.next, 500));
  return (
    <>
      <h1>{t("confirmTitle")}</h1>
      {code && email ? (
        <>
          <p className="lead">{t("confirmLead", { email })}</p>
          <ActionForm
            id="staff-confirm"
            action={redeemStaffCodeAction}
            messages={codeMessages(STAFF_SIGN_IN_CODES.codes, (c) => t(`errors.${c}`))}
          >
            <CodeField label={t("codeLabel")} defaultValue={code} />
            <Hidden name="email" value={email} />
            {next ? <Hidden name="next" value={next} /> : null}
            <div>
              <SubmitButton pendingLabel={t("signingIn")}>{t("confirmSubmit")}</SubmitButton>
            </div>
          </ActionForm>
        </>
      ) : (
        <Notice tone="error">{t("linkBroken")}</Notice>
      )}
      <p>
        <Link href="/staff/sign-in">{t("tryAgain")}</Link>
      </p>
    </>
  );
}
