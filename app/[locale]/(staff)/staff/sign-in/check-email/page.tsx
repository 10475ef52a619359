import { getTranslations } from "@/lib/i18n/translations";
import { ActionForm } from "@/components/form/action-form";
import { CodeField, Hidden } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { DemoMailboxNote } from "@/components/demo-mailbox-note";
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

/** The same page for every address: only a staff address got a message. */
export default async function StaffCheckEmailPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const next = safeStaffPath(firstParam((await searchParams).next, 500));
  const t = await getTranslations({ locale, namespace: "staffSignIn" });
  return (
    <>
      <h1>{t("checkTitle")}</h1>
      <p className="lead">{t("checkLead")}</p>
      <ActionForm
        id="staff-sign-in-code"
        action={redeemStaffCodeAction}
        messages={codeMessages(STAFF_SIGN_IN_CODES.codes, (c) => t(`errors.${c}`))}
      >
        {next ? <Hidden name="next" value={next} /> : null}
        <CodeField label={t("codeLabel")} />
        <div>
          <SubmitButton pendingLabel={t("signingIn")}>{t("codeSubmit")}</SubmitButton>
        </div>
      </ActionForm>
      <p>
        <Link href="/staff/sign-in">{t("tryAgain")}</Link>
      </p>
      <DemoMailboxNote label={t("demoMailbox")} />
    </>
  );
}
