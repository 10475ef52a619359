// Refunds: create (by payment_intent or charge), retrieve, update metadata, list; pending refunds settle later.
import type Stripe from "stripe";
import type { Core } from "../core";
import { invalidParam, invalidRequest, resourceMissing } from "../errors";
import { expand } from "../expand";
import { newId } from "../ids";
import { createdFilter, paginate } from "../list";
import { formatAmount } from "../money";
import { applyMetadata } from "../params";
import type { Router } from "../router";
import { getCharge, getPaymentIntent } from "./payments";

export const REFUND_FAILURE_REASONS = [
  "lost_or_stolen_card",
  "expired_or_canceled_card",
  "charge_for_pending_refund_disputed",
  "insufficient_funds",
  "declined",
  "merchant_request",
  "unknown",
] as const;

export function getRefund(core: Core, id: string, param = "id"): Stripe.Refund {
  const r = core.state.refunds[id];
  if (!r) throw resourceMissing("refund", id, param);
  return r;
}

/** Moves a pending refund to succeeded or failed (a failure gives the amount back to the charge). */
export function settleRefund(
  core: Core,
  refund: Stripe.Refund,
  status: "succeeded" | "failed",
  failureReason?: string,
): void {
  if (refund.status !== "pending")
    throw invalidRequest(`Refund ${refund.id} is not pending (status: ${refund.status}).`);
  const prev = { status: refund.status };
  refund.status = status;
  delete refund.pending_reason;
  if (status === "failed") {
    refund.failure_reason = failureReason ?? "unknown";
    const charge = core.state.charges[String(refund.charge)];
    if (charge) {
      charge.amount_refunded = Math.max(0, charge.amount_refunded - refund.amount);
      charge.refunded = charge.amount_refunded >= charge.amount;
    }
  }
  core.emit("refund.updated", refund, prev);
  if (status === "failed") core.emit("refund.failed", refund);
  core.changed();
}

export function registerRefunds(router: Router): void {
  router.post("/v1/refunds", ({ core, params: p }) => {
    const piId = p.str("payment_intent");
    const chId = p.str("charge");
    if (!piId && !chId) {
      throw invalidParam(
        "One of the following params should be provided for this request: payment_intent or charge.",
        undefined,
        "parameter_missing",
      );
    }
    const amount = p.posInt("amount");
    const reason = p.enumStr("reason", ["duplicate", "fraudulent", "requested_by_customer"] as const) ?? null;
    const metadata = applyMetadata({}, p.metadata());
    let charge: Stripe.Charge;
    if (chId) {
      charge = getCharge(core, chId, "charge");
      if (piId && charge.payment_intent !== piId) {
        throw invalidRequest(`The charge ${chId} does not belong to the PaymentIntent ${piId}.`, {
          param: "charge",
        });
      }
    } else {
      const pi = getPaymentIntent(core, piId ?? "", "payment_intent");
      const latest = typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge?.id;
      if (pi.status !== "succeeded" || !latest) {
        throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
          param: "payment_intent",
        });
      }
      charge = getCharge(core, latest, "payment_intent");
    }
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining <= 0) {
      throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
        code: "charge_already_refunded",
      });
    }
    const refundAmount = amount ?? remaining;
    if (refundAmount > remaining) {
      const what = charge.amount_refunded > 0 ? "unrefunded amount on charge" : "charge amount";
      throw invalidRequest(
        `Refund amount (${formatAmount(refundAmount, charge.currency)}) is greater than ${what} (${formatAmount(remaining, charge.currency)})`,
        { param: "amount", code: "amount_too_large" },
      );
    }
    const pending = core.state.refundMode === "pending";
    const refund: Stripe.Refund = {
      id: newId("re"),
      object: "refund",
      amount: refundAmount,
      balance_transaction: null,
      charge: charge.id,
      created: core.now(),
      currency: charge.currency,
      customer: charge.customer,
      customer_account: null,
      destination_details: {
        type: "card",
        card: {
          reference: newId("x", 20).slice(2),
          reference_status: pending ? "pending" : "available",
          reference_type: "acquirer_reference_number",
          type: "refund",
        },
      },
      metadata,
      payment_intent: charge.payment_intent,
      payment_method: charge.payment_method,
      reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: pending ? "pending" : "succeeded",
      transfer_reversal: null,
      ...(pending ? { pending_reason: "processing" as const } : {}),
    };
    const chargeBefore = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += refundAmount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    core.state.refunds[refund.id] = refund;
    core.emit("refund.created", refund);
    core.emit("charge.refunded", charge, chargeBefore);
    core.changed();
    return expand(core, refund, p.expand());
  });

  router.get("/v1/refunds/:id", ({ core, params: p, path }) =>
    expand(core, getRefund(core, path.id ?? ""), p.expand()),
  );

  router.post("/v1/refunds/:id", ({ core, params: p, path }) => {
    const refund = getRefund(core, path.id ?? "");
    if (p.has("metadata")) {
      const prev = { metadata: refund.metadata };
      refund.metadata = applyMetadata(refund.metadata, p.metadata());
      core.emit("refund.updated", refund, prev);
    }
    core.changed();
    return expand(core, refund, p.expand());
  });

  router.get("/v1/refunds", ({ core, params: p }) => {
    const pi = p.str("payment_intent");
    const ch = p.str("charge");
    const created = createdFilter(p);
    const items = Object.values(core.state.refunds).filter(
      (r) =>
        (pi === undefined || r.payment_intent === pi) &&
        (ch === undefined || r.charge === ch) &&
        created(r.created),
    );
    return paginate(core, items, p, "/v1/refunds");
  });

  router.get("/v1/charges/:id/refunds", ({ core, params: p, path }) => {
    const charge = getCharge(core, path.id ?? "");
    const items = Object.values(core.state.refunds).filter((r) => r.charge === charge.id);
    return paginate(core, items, p, `/v1/charges/${charge.id}/refunds`);
  });
}
