import { getTranslations } from "next-intl/server";
import { pageLocale } from "@/lib/i18n/page-locale";
import { FaqPanel } from "@/components/faq/faq-panel";
import { FormError } from "@/components/form-error";
import { requireCustomer } from "@/lib/auth/session";
import { knownCode } from "@/lib/i18n/error-code";
import { Link } from "@/lib/i18n/navigation";
import { requestLostAddressAction } from "@/lib/support/actions";
import { LOST_ADDRESS_ERRORS, LOST_ADDRESS_MESSAGE_MAX, type TLostAddressError } from "@/lib/support/schemas";

/** Which field each error belongs beside; RATE_LIMITED belongs to the whole form. */
const FIELD_OF: Record<
  TLostAddressError,
  "oldEmail" | "orderNumbers" | "purchaseDate" | "amount" | "message" | null
> = {
  EMAIL_INVALID: "oldEmail",
  SAME_ADDRESS: "oldEmail",
  ORDER_NUMBERS_INVALID: "orderNumbers",
  DETAILS_MISSING: "orderNumbers",
  DATE_INVALID: "purchaseDate",
  AMOUNT_INVALID: "amount",
  MESSAGE_TOO_LONG: "message",
  RATE_LIMITED: null,
};

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** "I lost access to my old address": a request that support reviews, answered at the signed-in address. */
export default async function LostAddressPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const t = await getTranslations({ locale, namespace: "lostAddress" });
  const query = await searchParams;
  const isSent = knownCode(query.status, ["SENT"] as const) !== null;
  const error = knownCode(query.error, LOST_ADDRESS_ERRORS);
  const errorField = error ? FIELD_OF[error] : null;
  // The hint of each field, plus its error when the error is about it.
  const describe = (name: string) => (errorField === name ? `${name}-hint ${name}-error` : `${name}-hint`);
  const invalid = (name: string) => (errorField === name ? true : undefined);
  const errorOf = (name: string) => (errorField === name && error ? t(`errors.${error}`) : null);

  return (
    <div className="with-aside">
      <div>
        <h1>{t("title")}</h1>
        {isSent ? (
          <>
            <p role="status" className="notice ok">
              {t("sent", { email: customer.email })}
            </p>
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
            {error === "RATE_LIMITED" ? (
              <p role="alert" className="notice warn">
                {t("errors.RATE_LIMITED")}
              </p>
            ) : null}
            <form action={requestLostAddressAction} className="stack">
              <input type="hidden" name="locale" value={locale} />

              <label htmlFor="oldEmail">{t("oldEmailLabel")}</label>
              <p id="oldEmail-hint" className="hint">
                {t("oldEmailHint")}
              </p>
              <input
                id="oldEmail"
                name="oldEmail"
                type="email"
                autoComplete="off"
                required
                maxLength={254}
                aria-describedby={describe("oldEmail")}
                aria-invalid={invalid("oldEmail")}
              />
              <FormError id="oldEmail-error" message={errorOf("oldEmail")} />

              <label htmlFor="orderNumbers">{t("orderNumbersLabel")}</label>
              <p id="orderNumbers-hint" className="hint">
                {t("orderNumbersHint")}
              </p>
              <input
                id="orderNumbers"
                name="orderNumbers"
                type="text"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={400}
                aria-describedby={describe("orderNumbers")}
                aria-invalid={invalid("orderNumbers")}
              />
              <FormError id="orderNumbers-error" message={errorOf("orderNumbers")} />

              <label htmlFor="purchaseDate">{t("purchaseDateLabel")}</label>
              <p id="purchaseDate-hint" className="hint">
                {t("purchaseDateHint")}
              </p>
              <input
                id="purchaseDate"
                name="purchaseDate"
                type="date"
                min="2000-01-01"
                aria-describedby={describe("purchaseDate")}
                aria-invalid={invalid("purchaseDate")}
              />
              <FormError id="purchaseDate-error" message={errorOf("purchaseDate")} />

              <label htmlFor="amount">{t("amountLabel")}</label>
              <p id="amount-hint" className="hint">
                {t("amountHint")}
              </p>
              <input
                id="amount"
                name="amount"
                type="text"
                maxLength={40}
                aria-describedby={describe("amount")}
                aria-invalid={invalid("amount")}
              />
              <FormError id="amount-error" message={errorOf("amount")} />

              <label htmlFor="message">{t("messageLabel")}</label>
              <p id="message-hint" className="hint">
                {t("messageHint")}
              </p>
              <textarea
                id="message"
                name="message"
                rows={6}
                maxLength={LOST_ADDRESS_MESSAGE_MAX}
                aria-describedby={describe("message")}
                aria-invalid={invalid("message")}
              />
              <FormError id="message-error" message={errorOf("message")} />

              <div>
                <button type="submit">{t("submit")}</button>
              </div>
            </form>
          </>
        )}
      </div>
      <FaqPanel locale={locale} tag="licenses" />
    </div>
  );
}
