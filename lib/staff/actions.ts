"use server";

import { getDb } from "@/lib/db";
import { staffAction } from "@/lib/actions/define-action";
import { withNotice } from "@/lib/actions/notice";
import { mailSettings } from "@/lib/email/settings";
import { stripe } from "@/lib/stripe/client";
import { STAFF_CODES } from "./errors";
import { refundItemFor, regenerateKeyFor, resendKeysFor, setPlanFor } from "./on-behalf";
import { decideRequest } from "./queue";
import { ZDecideRequest, ZRefundItemFor, ZRegenerateKeyFor, ZResendKeysFor, ZSetPlanFor } from "./schemas";

const customerPath = (locale: string, customerId: string) => `/${locale}/staff/customers/${customerId}`;

function done(locale: string, customerId: string, code: string) {
  return { ok: true as const, redirectTo: withNotice(customerPath(locale, customerId), code) };
}

/** Re-sends every active key to the customer's own address. */
export const resendKeysForAction = staffAction({
  registry: STAFF_CODES,
  schema: ZResendKeysFor,
  async run(input, { locale, actor }) {
    const r = await resendKeysFor(await getDb(), actor, input, { mail: mailSettings() });
    return r.ok ? done(locale, input.customerId, r.code) : r;
  },
});

export const regenerateKeyForAction = staffAction({
  registry: STAFF_CODES,
  schema: ZRegenerateKeyFor,
  async run(input, { locale, actor }) {
    const r = await regenerateKeyFor(await getDb(), actor, input, { mail: mailSettings() });
    return r.ok ? done(locale, input.customerId, r.code) : r;
  },
});

export const refundItemForAction = staffAction({
  registry: STAFF_CODES,
  schema: ZRefundItemFor,
  async run(input, { locale, actor }) {
    const r = await refundItemFor(
      await getDb(),
      actor,
      { ...input, locale },
      { mail: mailSettings(), stripe: stripe() },
    );
    return r.ok ? done(locale, input.customerId, r.code) : r;
  },
});

export const setPlanForAction = staffAction({
  registry: STAFF_CODES,
  schema: ZSetPlanFor,
  async run(input, { locale, actor }) {
    const r = await setPlanFor(await getDb(), actor, input, { mail: mailSettings(), stripe: stripe() });
    return r.ok ? done(locale, input.customerId, r.code) : r;
  },
});

/** Approves or declines a request of the queue; the second of two agents is told it was taken. */
export const decideRequestAction = staffAction({
  registry: STAFF_CODES,
  schema: ZDecideRequest,
  fieldOf: {
    ATTACH_EMAIL_INVALID: "attachTo",
    ATTACH_TARGET_NOT_FOUND: "attachTo",
    ATTACH_SAME_ADDRESS: "attachTo",
  },
  async run(input, { locale, actor }) {
    const r = await decideRequest(await getDb(), actor, input, { mail: mailSettings(), stripe: stripe() });
    if (r.ok) return { ok: true, redirectTo: withNotice(`/${locale}/staff/queue`, r.code) };
    return { ok: false, code: r.code };
  },
});
