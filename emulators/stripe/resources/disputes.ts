// Disputes (chargebacks): opened on a charge and closed won or lost by test controls, as a card
// network would; retrieve and list. Shapes and events as Stripe documents them.
import type Stripe from "stripe";
import type { Core } from "../core";
import { invalidRequest, resourceMissing } from "../errors";
import { expand } from "../expand";
import { newId } from "../ids";
import { createdFilter, paginate } from "../list";
import type { Router } from "../router";
import { diff } from "./customers";

export const DISPUTE_REASONS = [
  "bank_cannot_process",
  "check_returned",
  "credit_not_processed",
  "customer_initiated",
  "debit_not_authorized",
  "duplicate",
  "fraudulent",
  "general",
  "incorrect_account_details",
  "insufficient_funds",
  "product_not_received",
  "product_unacceptable",
  "subscription_canceled",
  "unrecognized",
] as const;

const EMPTY_EVIDENCE = {
  access_activity_log: null,
  billing_address: null,
  cancellation_policy: null,
  cancellation_policy_disclosure: null,
  cancellation_rebuttal: null,
  customer_communication: null,
  customer_email_address: null,
  customer_name: null,
  customer_purchase_ip: null,
  customer_signature: null,
  duplicate_charge_documentation: null,
  duplicate_charge_explanation: null,
  duplicate_charge_id: null,
  enhanced_evidence: {},
  product_description: null,
  receipt: null,
  refund_policy: null,
  refund_policy_disclosure: null,
  refund_refusal_explanation: null,
  service_date: null,
  service_documentation: null,
  shipping_address: null,
  shipping_carrier: null,
  shipping_date: null,
  shipping_documentation: null,
  shipping_tracking_number: null,
  uncategorized_file: null,
  uncategorized_text: null,
};

/** Opens a dispute on a charge: `charge.dispute.created` (and the funds taken back). */
export function openDispute(
  core: Core,
  charge: Stripe.Charge,
  reason: (typeof DISPUTE_REASONS)[number] = "fraudulent",
): Stripe.Dispute {
  if (charge.status !== "succeeded")
    throw invalidRequest(`Charge ${charge.id} cannot be disputed: it has not succeeded.`);
  if (Object.values(core.state.disputes).some((d) => d.charge === charge.id))
    throw invalidRequest(`Charge ${charge.id} has already been disputed.`, { code: "charge_disputed" });
  const now = core.now();
  const amount = charge.amount - charge.amount_refunded;
  const dispute = {
    id: newId("dp"),
    object: "dispute",
    amount,
    balance_transactions: [],
    charge: charge.id,
    created: now,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: structuredClone(EMPTY_EVIDENCE),
    evidence_details: {
      due_by: now + 7 * 86_400,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    network_reason_code: reason === "fraudulent" ? "10.4" : null,
    payment_intent: charge.payment_intent,
    payment_method_details: {
      card: {
        brand: charge.payment_method_details?.card?.brand ?? "visa",
        case_type: "chargeback",
        network_reason_code: reason === "fraudulent" ? "10.4" : null,
      },
      type: "card",
    },
    reason,
    status: "needs_response",
  } as unknown as Stripe.Dispute;
  core.state.disputes[dispute.id] = dispute;
  const before = structuredClone(charge);
  charge.disputed = true;
  core.emit("charge.dispute.created", dispute);
  core.emit("charge.dispute.funds_withdrawn", dispute);
  core.emit(
    "charge.updated",
    charge,
    diff(before as unknown as Record<string, unknown>, charge as unknown as Record<string, unknown>),
  );
  core.changed();
  return dispute;
}

/** Closes a dispute as the network decided: `won` (funds reinstated) or `lost`. */
export function closeDispute(core: Core, dispute: Stripe.Dispute, status: "won" | "lost"): Stripe.Dispute {
  if (dispute.status === "won" || dispute.status === "lost")
    throw invalidRequest(`This dispute is already closed (status: ${dispute.status}).`);
  const before = structuredClone(dispute);
  dispute.status = status;
  const prev = diff(
    before as unknown as Record<string, unknown>,
    dispute as unknown as Record<string, unknown>,
  );
  if (status === "won") core.emit("charge.dispute.funds_reinstated", dispute);
  core.emit("charge.dispute.closed", dispute, prev);
  core.changed();
  return dispute;
}

export function getDispute(core: Core, id: string, param = "id"): Stripe.Dispute {
  const d = core.state.disputes[id];
  if (!d) throw resourceMissing("dispute", id, param);
  return d;
}

export function registerDisputes(router: Router): void {
  router.get("/v1/disputes/:id", ({ core, params: p, path }) =>
    expand(core, getDispute(core, path.id ?? ""), p.expand()),
  );
  router.get("/v1/disputes", ({ core, params: p }) => {
    const charge = p.str("charge");
    const pi = p.str("payment_intent");
    const created = createdFilter(p);
    const items = Object.values(core.state.disputes).filter(
      (d) =>
        (charge === undefined || d.charge === charge) &&
        (pi === undefined || d.payment_intent === pi) &&
        created(d.created),
    );
    return paginate(core, items, p, "/v1/disputes");
  });
}
