import type { TLocale } from "@/db/schema/shared";
import { getTranslations } from "next-intl/server";
import { pageLocale } from "@/lib/i18n/page-locale";
import { notFound } from "next/navigation";
import { z } from "zod";
import { FaqPanel } from "@/components/faq/faq-panel";
import { FormError } from "@/components/form-error";
import { getDb } from "@/db/client";
import { requireCustomer } from "@/lib/auth/session";
import { CODE_LENGTH } from "@/lib/auth/sign-in-code";
import { confirmAddressClaimAction, requestAddressClaimAction } from "@/lib/customers/actions";
import { getAddressClaim, type TAddressClaimView } from "@/lib/customers/queries";
import { env } from "@/lib/env";
import { knownCode } from "@/lib/i18n/error-code";
import { Link } from "@/lib/i18n/navigation";

const EMAIL_ERRORS = ["EMAIL_INVALID", "SAME_ADDRESS", "RATE_LIMITED"] as const;
const CODE_ERRORS = ["WRONG_CODE", "CODE_FORMAT"] as const;

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
          <EmailStep locale={locale} email={customer.email} error={knownCode(query.error, EMAIL_ERRORS)} />
        ) : claim.state === "open" ? (
          <CodeStep locale={locale} claim={claim} error={knownCode(query.error, CODE_ERRORS)} />
        ) : claim.state === "used" ? (
          <Result claim={claim} locale={locale} me={customer.email} />
        ) : (
          <>
            <p role="status" className="notice warn">
              {t(claim.state)}
            </p>
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

async function EmailStep({
  locale,
  email,
  error,
}: {
  locale: TLocale;
  email: string;
  error: (typeof EMAIL_ERRORS)[number] | null;
}) {
  const t = await getTranslations({ locale, namespace: "attach" });
  const describedBy = error ? "email-hint email-error" : "email-hint";
  return (
    <>
      <p className="hint">{t("step", { n: 1 })}</p>
      <p className="lead">{t("lead", { email })}</p>
      {error === "RATE_LIMITED" ? (
        <p role="alert" className="notice warn">
          {t("errors.RATE_LIMITED")}
        </p>
      ) : null}
      <form action={requestAddressClaimAction} className="stack" noValidate>
        <input type="hidden" name="locale" value={locale} />
        <label htmlFor="email">{t("emailLabel")}</label>
        <p id="email-hint" className="hint">
          {t("emailHint")}
        </p>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="off"
          required
          maxLength={254}
          aria-describedby={describedBy}
          aria-invalid={error === "EMAIL_INVALID" || error === "SAME_ADDRESS" ? true : undefined}
        />
        <FormError
          id="email-error"
          message={error && error !== "RATE_LIMITED" ? t(`errors.${error}`) : null}
        />
        <div>
          <button type="submit">{t("emailSubmit")}</button>
        </div>
      </form>
      <p>
        <Link href="/account/lost-address">{t("lostLink")}</Link>
      </p>
    </>
  );
}

async function CodeStep({
  locale,
  claim,
  error,
}: {
  locale: TLocale;
  claim: TAddressClaimView;
  error: (typeof CODE_ERRORS)[number] | null;
}) {
  const t = await getTranslations({ locale, namespace: "attach" });
  const tSignIn = await getTranslations({ locale, namespace: "signIn" });
  const mailbox = env().demoMailboxUrl;
  return (
    <>
      <p className="hint">{t("step", { n: 2 })}</p>
      <p role="status" className="notice ok">
        {t("sent", { email: claim.email })}
      </p>
      <form action={confirmAddressClaimAction} className="stack" noValidate>
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="claimId" value={claim.id} />
        <label htmlFor="code">{t("codeLabel")}</label>
        <p id="code-hint" className="hint">
          {t("codeHint", { count: claim.attemptsLeft })}
        </p>
        <input
          id="code"
          name="code"
          type="text"
          inputMode="text"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          required
          maxLength={CODE_LENGTH + 4}
          className="code-input"
          aria-describedby={error ? "code-hint code-error" : "code-hint"}
          aria-invalid={error ? true : undefined}
        />
        <FormError
          id="code-error"
          message={error ? t(`errors.${error}`, { count: claim.attemptsLeft }) : null}
        />
        <div>
          <button type="submit">{t("codeSubmit")}</button>
        </div>
      </form>
      <p>
        <Link href="/account/attach">{t("restart")}</Link>
      </p>
      {mailbox ? (
        <p className="demo-note">
          {tSignIn("demoMailbox")} <a href={mailbox}>{mailbox}</a>
        </p>
      ) : null}
    </>
  );
}

async function Result({ claim, locale, me }: { claim: TAddressClaimView; locale: TLocale; me: string }) {
  const t = await getTranslations({ locale, namespace: "attach" });
  if (claim.attachedOrders === 0) {
    return (
      <>
        <p role="status" className="notice warn">
          {t("nothing", { email: claim.email })}
        </p>
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
      <p role="status" className="notice ok">
        {t("attached", { count: claim.attachedOrders, email: claim.email })}
      </p>
      <p>{t("attachedHint", { me })}</p>
      <p>
        <Link href="/orders" className="button">
          {t("ordersLink")}
        </Link>
      </p>
    </>
  );
}
