import type { TLocale } from "@/lib/i18n/locale";
import { Notice } from "@/components/ui";
import { getTranslations } from "@/lib/i18n/translations";
import { pageLocale } from "@/lib/i18n/page-locale";
import { notFound } from "next/navigation";
import { z } from "zod";
import { FaqPanel } from "@/components/faq/faq-panel";
import { ActionForm } from "@/components/form/action-form";
import { CodeField, EmailField, Hidden } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { DemoMailboxNote } from "@/components/demo-mailbox-note";
import { getDb } from "@/lib/db";
import { requireCustomer } from "@/lib/auth/session";
import { MAX_CODE_ATTEMPTS } from "@/lib/auth/sign-in-code";
import { confirmAddressClaimAction, requestAddressClaimAction } from "@/lib/customers/actions";
import { ATTACH_CODES } from "@/lib/customers/errors";
import { getAddressClaim, type TAddressClaimView } from "@/lib/customers/queries";
import { codeMessages } from "@/lib/i18n/code-messages";
import { Link } from "@/lib/i18n/navigation";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * "Changed e-mail": enter the other address, then the code mailed there, then
 * the result. One URL; `?claim=<id>` (this customer's claim, else 404) says
 * which step, from the claim's state in the database.
 */
export default async function AttachPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const t = await getTranslations({ locale, namespace: "attach" });
  const query = await searchParams;
  let claim: TAddressClaimView | null = null;
  if (query.claim !== undefined) {
    const id = z.uuid().safeParse(query.claim);
    if (!id.success) notFound();
    claim = await getAddressClaim(await getDb(), customer.id, id.data);
    if (!claim) notFound();
  }
  return (
    <div className="with-aside">
      <div>
        <h1>{t("title")}</h1>
        {claim === null ? (
          <EmailStep locale={locale} email={customer.email} />
        ) : claim.state === "open" ? (
          <CodeStep locale={locale} claim={claim} />
        ) : claim.state === "used" ? (
          <Result claim={claim} locale={locale} me={customer.email} />
        ) : (
          <>
            <Notice tone="warn">{t(claim.state)}</Notice>
            <p>
              <Link href="/account/attach" className="button">
                {t("newCode")}
              </Link>
            </p>
          </>
        )}
      </div>
      <FaqPanel locale={locale} tag="licenses" />
    </div>
  );
}

async function EmailStep({ locale, email }: { locale: TLocale; email: string }) {
  const t = await getTranslations({ locale, namespace: "attach" });
  const tForm = await getTranslations({ locale, namespace: "form" });
  return (
    <>
      <p className="lead">{t("lead", { email })}</p>
      <ActionForm
        id="attach-email"
        action={requestAddressClaimAction}
        messages={codeMessages(ATTACH_CODES.codes, (c) => t(`errors.${c}`, { count: MAX_CODE_ATTEMPTS }))}
      >
        <EmailField label={t("emailLabel")} hint={t("emailHint")} autoComplete="off" />
        <div>
          <SubmitButton pendingLabel={tForm("pending")}>{t("emailSubmit")}</SubmitButton>
        </div>
      </ActionForm>
      <p>
        <Link href="/account/lost-address">{t("lostLink")}</Link>
      </p>
    </>
  );
}

async function CodeStep({ locale, claim }: { locale: TLocale; claim: TAddressClaimView }) {
  const t = await getTranslations({ locale, namespace: "attach" });
  const tSignIn = await getTranslations({ locale, namespace: "signIn" });
  const tForm = await getTranslations({ locale, namespace: "form" });
  return (
    <>
      <Notice tone="ok">{t("sent", { email: claim.email })}</Notice>
      <ActionForm
        id="attach-code"
        action={confirmAddressClaimAction}
        messages={codeMessages(ATTACH_CODES.codes, (c) => t(`errors.${c}`, { count: claim.attemptsLeft }))}
      >
        <Hidden name="claimId" value={claim.id} />
        <CodeField label={t("codeLabel")} hint={t("codeHint", { count: claim.attemptsLeft })} />
        <div>
          <SubmitButton pendingLabel={tForm("pending")}>{t("codeSubmit")}</SubmitButton>
        </div>
      </ActionForm>
      <p>
        <Link href="/account/attach">{t("restart")}</Link>
      </p>
      <DemoMailboxNote label={tSignIn("demoMailbox")} />
    </>
  );
}

async function Result({ claim, locale, me }: { claim: TAddressClaimView; locale: TLocale; me: string }) {
  const t = await getTranslations({ locale, namespace: "attach" });
  if (claim.attachedOrders === 0) {
    return (
      <>
        <Notice tone="warn">{t("nothing", { email: claim.email })}</Notice>
        <p>{t("nothingHint")}</p>
        <p className="actions">
          <Link href="/account/attach">{t("restart")}</Link>
          <Link href="/account/lost-address">{t("lostLink")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <Notice tone="ok">{t("attached", { count: claim.attachedOrders, email: claim.email })}</Notice>
      <p>{t("attachedHint", { count: claim.attachedOrders, me })}</p>
      <p>
        <Link href="/orders" className="button">
          {t("ordersLink")}
        </Link>
      </p>
    </>
  );
}
