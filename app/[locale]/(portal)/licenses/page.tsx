import { getTranslations } from "@/lib/i18n/translations";
import { EmptyState, Notice, PageHeader, StatusBadge, type TTone } from "@/components/ui";
import { pageLocale } from "@/lib/i18n/page-locale";
import { FaqPanel } from "@/components/faq/faq-panel";
import { LicenseKey } from "@/components/license-key";
import { getDb } from "@/lib/db";
import { requireCustomer } from "@/lib/auth/session";
import { ActionForm } from "@/components/form/action-form";
import { SubmitButton } from "@/components/form/submit-button";
import { noticeOf } from "@/lib/actions/notice";
import { codeMessages } from "@/lib/i18n/code-messages";
import { formatDate } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { resendKeysAction } from "@/lib/licenses/actions";
import { LICENSE_CODES } from "@/lib/licenses/errors";
import { listLicenses } from "@/lib/licenses/queries";
import { allowedUrl } from "@/lib/http/safe-url";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const LICENSE_TONE: Record<string, TTone> = { active: "ok", revoked: "danger", expired: "muted" };

export default async function LicensesPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const t = await getTranslations({ locale, namespace: "licenses" });
  const tForm = await getTranslations({ locale, namespace: "form" });
  const notice = noticeOf(await searchParams, LICENSE_CODES.notices);
  const messages = {
    ...codeMessages(LICENSE_CODES.errors, (c) => t(`errors.${c}`)),
    ...codeMessages(LICENSE_CODES.notices, (c) => t(`notices.${c}`, { email: customer.email })),
  };
  const rows = await listLicenses(await getDb(), customer.id, locale);
  return (
    <div className="with-aside">
      <div>
        <PageHeader title={t("title")} />
        {notice ? <Notice tone="ok">{messages[notice]}</Notice> : null}
        <ActionForm id="resend-keys" action={resendKeysAction} messages={messages} className="inline-form">
          <p className="hint" id="resend-hint">
            {t("resendHint", { email: customer.email })}
          </p>
          <div>
            <SubmitButton pendingLabel={tForm("pending")}>{t("resend")}</SubmitButton>
          </div>
        </ActionForm>
        <p>
          {t("otherAddress")} <Link href="/account/attach">{t("otherAddressLink")}</Link>
        </p>
        {rows.length === 0 ? <EmptyState>{t("empty")}</EmptyState> : null}
        <ul className="cards">
          {rows.map((l) => (
            <li key={l.id} id={`license-${l.id}`} className="card">
              <h2 className="card-title">{l.productName}</h2>
              <p>
                <StatusBadge tone={LICENSE_TONE[l.status] ?? "muted"}>
                  {t(`licenseStatuses.${l.status}`)}
                </StatusBadge>{" "}
                {l.expiresAt
                  ? t(l.status === "active" ? "expiresOn" : "expiredOn", {
                      date: formatDate(l.expiresAt, locale),
                    })
                  : t("perpetual")}
                {" · "}
                <Link href={`/orders/${l.orderNumber}`}>{t("order", { number: l.orderNumber })}</Link>
              </p>
              {l.status === "active" ? (
                <>
                  <LicenseKey value={l.key} locale={locale} />
                  <p className="actions">
                    {allowedUrl(l.downloadUrl) ? (
                      <a href={allowedUrl(l.downloadUrl)!}>{t("download")}</a>
                    ) : null}
                    <Link href={`/licenses/${l.id}/regenerate`}>{t("regenerate")}</Link>
                  </p>
                </>
              ) : (
                <p className="hint">{l.revokedReason ? t(`revokedReasons.${l.revokedReason}`) : null}</p>
              )}
            </li>
          ))}
        </ul>
      </div>
      <FaqPanel locale={locale} tag="licenses" />
    </div>
  );
}
