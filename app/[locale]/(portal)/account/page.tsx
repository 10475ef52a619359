import { getTranslations } from "@/lib/i18n/translations";
import { SubmitButton } from "@/components/form/submit-button";
import { DataList, PageHeader } from "@/components/ui";
import { pageLocale } from "@/lib/i18n/page-locale";
import { signOutAction, signOutEverywhereAction } from "@/lib/auth/actions";
import { SupportRequests } from "@/components/support/support-requests";
import { getDb } from "@/lib/db";
import { requireCustomer } from "@/lib/auth/session";
import { Link } from "@/lib/i18n/navigation";
import { customerRequests } from "@/lib/support/queries";

export default async function AccountPage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const t = await getTranslations({ locale, namespace: "account" });
  const tForm = await getTranslations({ locale, namespace: "form" });
  return (
    <>
      <PageHeader title={t("title")} />
      <DataList items={[[t("email"), customer.email]]} />
      <h2>{t("otherAddressTitle")}</h2>
      <p>{t("otherAddressLead", { email: customer.email })}</p>
      <ul className="plain">
        <li>
          <Link href="/account/attach">{t("attachLink")}</Link>
        </li>
        <li>
          <Link href="/account/lost-address">{t("lostAddressLink")}</Link>
        </li>
      </ul>
      <SupportRequests
        requests={await customerRequests(await getDb(), customer.id)}
        locale={locale}
        showOrder
      />
      <h2>{t("sessionsTitle")}</h2>
      <div className="row">
        <form action={signOutAction}>
          <input type="hidden" name="locale" value={locale} />
          <SubmitButton variant="secondary" pendingLabel={tForm("pending")}>
            {t("signOut")}
          </SubmitButton>
        </form>
        <form action={signOutEverywhereAction}>
          <input type="hidden" name="locale" value={locale} />
          <SubmitButton pendingLabel={tForm("pending")}>{t("signOutEverywhere")}</SubmitButton>
        </form>
      </div>
      <p className="hint">{t("signOutEverywhereHint")}</p>
    </>
  );
}
