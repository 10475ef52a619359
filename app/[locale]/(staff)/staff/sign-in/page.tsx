import { getTranslations } from "@/lib/i18n/translations";
import { redirect } from "next/navigation";
import { ActionForm } from "@/components/form/action-form";
import { EmailField, Hidden } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { firstParam } from "@/lib/http/search-params";
import { codeMessages } from "@/lib/i18n/code-messages";
import { pageLocale } from "@/lib/i18n/page-locale";
import { STAFF_SIGN_IN_CODES } from "@/lib/staff/errors";
import { safeStaffPath } from "@/lib/staff/schemas";
import { getSessionStaff } from "@/lib/staff/session";
import { requestStaffSignInAction } from "@/lib/staff/sign-in-actions";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The support team's sign-in: the same link and code as customers, for the addresses in STAFF_EMAILS. */
export default async function StaffSignInPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const next = safeStaffPath(firstParam((await searchParams).next, 500));
  if (await getSessionStaff()) redirect(next ?? `/${locale}/staff`);
  const t = await getTranslations({ locale, namespace: "staffSignIn" });
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <ActionForm
        id="staff-sign-in"
        action={requestStaffSignInAction}
        messages={codeMessages(STAFF_SIGN_IN_CODES.codes, (c) => t(`errors.${c}`))}
      >
        {next ? <Hidden name="next" value={next} /> : null}
        <EmailField label={t("emailLabel")} />
        <div>
          <SubmitButton pendingLabel={t("sending")}>{t("submit")}</SubmitButton>
        </div>
      </ActionForm>
    </>
  );
}
