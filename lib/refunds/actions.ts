"use server";

import { getDb } from "@/lib/db";
import { customerAction } from "@/lib/actions/define-action";
import { withNotice } from "@/lib/actions/notice";
import { mailSettings } from "@/lib/email/settings";
import { stripe } from "@/lib/stripe/client";
import { confirmRefund } from "./confirm-refund";
import { REFUND_CODES } from "./errors";
import { requestRefund } from "./request-refund";
import { requestRefundException } from "./request-refund-exception";
import { ZConfirmRefund, ZRefundException, ZRequestRefund } from "./schemas";

const orderPath = (locale: string, orderNumber: string) =>
  `/${locale}/orders/${encodeURIComponent(orderNumber)}`;

/** Step 1: the chosen items and the reason. Only ids travel; the server computes the amount. */
export const requestRefundAction = customerAction({
  registry: REFUND_CODES,
  schema: ZRequestRefund,
  fieldOf: { NOTHING_SELECTED: "itemIds" },
  async run(input, { locale, actor }) {
    const result = await requestRefund(await getDb(), actor.id, input);
    // An item that is not part of this customer's order is "not found", like the order itself.
    if (!result.ok) return { ok: false, code: result.code === "ITEM_NOT_FOUND" ? "NOT_FOUND" : result.code };
    return { ok: true, redirectTo: `${orderPath(locale, input.orderNumber)}/refund/${result.refundId}` };
  },
});

/** Step 2: confirmed. A double click or a second tab confirms the same refund, once. */
export const confirmRefundAction = customerAction({
  registry: REFUND_CODES,
  schema: ZConfirmRefund,
  async run(input, { locale, actor }) {
    const result = await confirmRefund(await getDb(), actor.id, input.refundId, {
      stripe: stripe(),
      mail: mailSettings(),
    });
    if (!result.ok && result.code === "NOT_FOUND") return { ok: false, code: "NOT_FOUND" };
    // Any other answer is shown by the refund's own status page.
    return { ok: true, redirectTo: `${orderPath(locale, input.orderNumber)}/refund/${input.refundId}` };
  },
});

/**
 * Past the 90 days: the request goes to support for review. The page then shows the request as
 * open (a reload included) instead of the form; a second submission finds the same request.
 */
export const requestRefundExceptionAction = customerAction({
  registry: REFUND_CODES,
  schema: ZRefundException,
  async run(input, { locale, actor }) {
    const result = await requestRefundException(await getDb(), actor.id, input, mailSettings());
    return result.ok
      ? {
          ok: true,
          redirectTo: withNotice(`${orderPath(locale, input.orderNumber)}/refund`, "EXCEPTION_SENT"),
        }
      : result;
  },
});
