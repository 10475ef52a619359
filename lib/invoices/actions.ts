"use server";

import { customerAction } from "@/lib/actions/define-action";
import { withNotice } from "@/lib/actions/notice";
import { getDb } from "@/lib/db";
import { mailSettings } from "@/lib/email/settings";
import { stripe } from "@/lib/stripe/client";
import { correctBillingDetails } from "./correct-billing";
import { BILLING_CODES } from "./errors";
import { ZCorrectBilling } from "./schemas";

/** The buyer's details corrected from the order page: a credit note and a corrected invoice, mailed. */
export const correctBillingAction = customerAction({
  registry: BILLING_CODES,
  schema: ZCorrectBilling,
  fieldOf: { VAT_ID_INVALID: "vatId", VAT_ID_COUNTRY: "vatId", VAT_ID_LOCKED: "vatId" },
  async run(input, { locale, actor }) {
    const result = await correctBillingDetails(
      await getDb(),
      actor.id,
      {
        orderNumber: input.orderNumber,
        companyName: input.companyName,
        addressLines: input.address,
        country: input.country,
        vatId: input.vatId,
      },
      { stripe: stripe(), mail: mailSettings() },
    );
    if (!result.ok) return result;
    return {
      ok: true,
      redirectTo: withNotice(`/${locale}/orders/${encodeURIComponent(input.orderNumber)}`, "CORRECTED"),
    };
  },
});
