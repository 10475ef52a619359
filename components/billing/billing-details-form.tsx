import { translator } from "@/lib/i18n/translations";
import { ActionForm } from "@/components/form/action-form";
import { Hidden, SelectField, TextField } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import type { TBillingDetails } from "@/lib/invoices/billing-types";
import { correctBillingAction } from "@/lib/invoices/actions";
import { BILLING_CODES } from "@/lib/invoices/errors";
import { codeMessages } from "@/lib/i18n/code-messages";
import { countryOptions } from "@/lib/i18n/countries";
import { packOptions } from "@/components/form/packed-options";
import type { TLocale } from "@/lib/i18n/locale";

type TProps = { locale: TLocale; orderNumber: string; billing: TBillingDetails };

/**
 * The buyer's details on the invoice, correctable afterwards: a credit note and a corrected invoice.
 * On a page of its own (`/orders/[orderNumber]/billing`), not on the order page: its country select
 * alone was about half of the order page's HTML elements, rendered on every view of every order.
 */
export function BillingDetailsForm({ locale, orderNumber, billing }: TProps) {
  const t = translator({ locale, namespace: "billingDetails" });
  const tForm = translator({ locale, namespace: "form" });
  const messages = {
    ...codeMessages(BILLING_CODES.errors, (c) => t(`errors.${c}`)),
    ...codeMessages(BILLING_CODES.notices, (c) => t(`notices.${c}`)),
  };
  return (
    <ActionForm id="billing" action={correctBillingAction} messages={messages}>
      <Hidden name="orderNumber" value={orderNumber} />
      <TextField
        name="companyName"
        label={t("companyName")}
        defaultValue={billing.companyName ?? ""}
        autoComplete="organization"
      />
      <TextField
        name="address"
        label={t("address")}
        hint={t("addressHint")}
        multiline
        rows={3}
        defaultValue={(billing.addressLines ?? []).join("\n")}
        autoComplete="street-address"
      />
      <SelectField
        name="country"
        label={t("country")}
        placeholder={t("countryChoose")}
        options={packedCountries(locale)}
        required
        defaultValue={billing.country ?? ""}
        autoComplete="country"
      />
      <TextField
        name="vatId"
        label={t("vatId")}
        hint={t("vatIdHint")}
        defaultValue={billing.vatId ?? ""}
        autoCapitalize="characters"
        spellCheck={false}
      />
      <div>
        <SubmitButton pendingLabel={tForm("pending")}>{t("submit")}</SubmitButton>
      </div>
    </ActionForm>
  );
}

const packed = new Map<TLocale, string>();

/** The countries of the select, packed once per locale for the process. */
function packedCountries(locale: TLocale): string {
  let text = packed.get(locale);
  if (text === undefined) {
    text = packOptions(countryOptions(locale));
    packed.set(locale, text);
  }
  return text;
}
