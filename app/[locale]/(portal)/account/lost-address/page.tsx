import { getTranslations } from "@/lib/i18n/translations";
import { Notice } from "@/components/ui";
import { pageLocale } from "@/lib/i18n/page-locale";
import { FaqPanel } from "@/components/faq/faq-panel";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { SupportRequests } from "@/components/support/support-requests";
import { getDb } from "@/lib/db";
import { noticeOf } from "@/lib/actions/notice";
import { codeMessages } from "@/lib/i18n/code-messages";
import { requireCustomer } from "@/lib/auth/session";
import { Link } from "@/lib/i18n/navigation";
import { requestLostAddressAction } from "@/lib/support/actions";
import { LOST_ADDRESS_CODES } from "@/lib/support/errors";
import { customerRequests } from "@/lib/support/queries";
import { LOST_ADDRESS_MESSAGE_MAX } from "@/lib/support/schemas";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** "I lost access to my old address": a request that support reviews, answered at the signed-in address. */
export default async function LostAddressPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const t = await getTranslations({ locale, namespace: "lostAddress" });
  const tForm = await getTranslations({ locale, namespace: "form" });
  const requests = (await customerRequests(await getDb(), customer.id)).filter(
    (r) => r.kind === "lost_address",
  );
  const isSent = noticeOf(await searchParams, LOST_ADDRESS_CODES.notices) === "SENT";
  const messages = {
    ...codeMessages(LOST_ADDRESS_CODES.errors, (c) => t(`errors.${c}`)),
    ...codeMessages(LOST_ADDRESS_CODES.notices, (c) => t(`notices.${c}`, { email: customer.email })),
  };

  return (
    <div className="with-aside">
      <div>
        <h1>{t("title")}</h1>
        {isSent ? (
          <>
            <Notice tone="ok">{t("notices.SENT", { email: customer.email })}</Notice>
            <SupportRequests requests={requests} locale={locale} />
            <p>
              <Link href="/account">{t("back")}</Link>
            </p>
          </>
        ) : (
          <>
            <p className="lead">{t("lead", { email: customer.email })}</p>
            <p>
              {t("canStillRead")} <Link href="/account/attach">{t("attachLink")}</Link>
            </p>
            <SupportRequests requests={requests} locale={locale} />
            <ActionForm id="lost-address" action={requestLostAddressAction} messages={messages}>
              <TextField
                name="oldEmail"
                type="email"
                label={t("oldEmailLabel")}
                hint={t("oldEmailHint")}
                autoComplete="off"
                inputMode="email"
                required
              />
              <TextField
                name="orderNumbers"
                label={t("orderNumbersLabel")}
                hint={t("orderNumbersHint")}
                autoCapitalize="characters"
                spellCheck={false}
              />
              <TextField
                name="purchaseDate"
                type="date"
                label={t("purchaseDateLabel")}
                hint={t("purchaseDateHint")}
              />
              <TextField name="amount" label={t("amountLabel")} hint={t("amountHint")} />
              <TextField
                name="message"
                multiline
                rows={6}
                label={t("messageLabel")}
                hint={t("messageHint")}
                maxLength={LOST_ADDRESS_MESSAGE_MAX}
                counter={tForm.raw("counter") as string}
              />
              <div>
                <SubmitButton pendingLabel={tForm("pending")}>{t("submit")}</SubmitButton>
              </div>
            </ActionForm>
          </>
        )}
      </div>
      <FaqPanel locale={locale} tag="licenses" />
    </div>
  );
}
