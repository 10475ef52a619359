// Payment methods, payment intents and charges: created by checkout and invoices; retrieve and list.
import type Stripe from "stripe";
import type { CardInfo } from "../cards";
import type { Core } from "../core";
import { resourceMissing } from "../errors";
import { expand } from "../expand";
import { newId } from "../ids";
import { createdFilter, paginate } from "../list";
import type { Router } from "../router";

type TBilling = { email: string | null; name: string | null };

/** A stored payment method of one type: the fields every type shares, and the type's own details. */
function storePaymentMethod(
  core: Core,
  customer: string | null,
  billing: TBilling,
  typed: Partial<Stripe.PaymentMethod> & { type: Stripe.PaymentMethod.Type },
): Stripe.PaymentMethod {
  const pm = {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "unspecified",
    billing_details: { address: null, email: billing.email, name: billing.name, phone: null, tax_id: null },
    created: core.now(),
    customer,
    customer_account: null,
    livemode: false,
    metadata: {},
    ...typed,
  } as Stripe.PaymentMethod;
  core.state.paymentMethods[pm.id] = pm;
  return pm;
}

export function createPaymentMethod(
  core: Core,
  card: CardInfo,
  customer: string | null,
  billing: TBilling,
): Stripe.PaymentMethod {
  const pm = storePaymentMethod(core, customer, billing, {
    type: "card",
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: card.country,
      display_brand: card.brand,
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      fingerprint: `fp${card.brand}${card.last4}`,
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
  });
  if (card.declinesLater) core.state.failingPaymentMethods[pm.id] = true;
  return pm;
}

/** A SEPA Direct Debit payment method from one of Stripe's test IBANs. */
export function createSepaPaymentMethod(
  core: Core,
  iban: string,
  customer: string | null,
  billing: TBilling,
): Stripe.PaymentMethod {
  return storePaymentMethod(core, customer, billing, {
    type: "sepa_debit",
    sepa_debit: {
      bank_code: iban.slice(4, 12),
      branch_code: "",
      country: iban.slice(0, 2),
      fingerprint: `fpsepa${iban.slice(-8)}`,
      generated_from: { charge: null, setup_attempt: null },
      last4: iban.slice(-4),
    },
  });
}

/** The `customer_balance` payment method of a bank transfer (Checkout creates one per payment). */
export function createCustomerBalancePaymentMethod(
  core: Core,
  customer: string,
  billing: TBilling,
): Stripe.PaymentMethod {
  return storePaymentMethod(core, customer, billing, { type: "customer_balance", customer_balance: {} });
}

/** A charge for a payment intent: captured, `pending` (a delayed method) or `failed` (a decline). */
function buildCharge(
  core: Core,
  req: PaymentRequest,
  piId: string,
  state: "succeeded" | "pending" | "failed",
  failure?: { code: string; declineCode: string; message: string },
): Stripe.Charge {
  const failed = state === "failed";
  const sepa = req.paymentMethod.sepa_debit ?? null;
  const card = req.paymentMethod.card;
  const now = core.now();
  const chId = newId("ch");
  return {
    id: chId,
    object: "charge",
    amount: req.amount,
    amount_captured: failed ? 0 : req.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: {
      address: null,
      email: req.email,
      name: req.paymentMethod.billing_details.name,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: "EMULATED SHOP",
    captured: !failed,
    created: now,
    currency: req.currency,
    customer: req.customer,
    description: req.description ?? null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: {
      advice_code: failed ? "try_again_later" : null,
      network_advice_code: null,
      network_decline_code: failed ? "05" : null,
      network_status: failed ? "declined_by_network" : "approved_by_network",
      reason: failed ? (failure?.declineCode ?? "generic_decline") : null,
      risk_level: "normal",
      risk_score: 32,
      seller_message: failed
        ? "The bank did not return any further details with this decline."
        : "Payment complete.",
      type: failed ? "issuer_declined" : "authorized",
    },
    paid: state === "succeeded",
    payment_intent: piId,
    payment_method: req.paymentMethod.id,
    payment_method_details:
      req.paymentMethod.type === "customer_balance"
        ? ({ type: "customer_balance", customer_balance: {} } as Stripe.Charge.PaymentMethodDetails)
        : sepa
          ? ({
              type: "sepa_debit",
              sepa_debit: {
                bank_code: sepa.bank_code,
                branch_code: sepa.branch_code,
                country: sepa.country,
                fingerprint: sepa.fingerprint,
                last4: sepa.last4,
                mandate: newId("mandate"),
              },
            } as Stripe.Charge.PaymentMethodDetails)
          : {
              type: "card",
              card: {
                amount_authorized: req.amount,
                authorization_code: null,
                brand: card?.brand ?? null,
                checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
                country: card?.country ?? null,
                exp_month: card?.exp_month ?? 12,
                exp_year: card?.exp_year ?? 2030,
                fingerprint: card?.fingerprint ?? null,
                funding: card?.funding ?? null,
                installments: null,
                last4: card?.last4 ?? null,
                mandate: null,
                network: card?.brand ?? null,
                network_transaction_id: newId("x", 15).slice(2),
                regulated_status: "unregulated",
                three_d_secure: null,
                transaction_link_id: null,
                wallet: null,
                electronic_commerce_indicator: null,
              },
            },
    radar_options: {},
    receipt_email: req.email,
    receipt_number: null,
    receipt_url: `${core.config.publicUrl}/receipts/${chId}`,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: state,
    transfer_data: null,
    transfer_group: null,
  };
}

export type PaymentRequest = {
  amount: number;
  currency: string;
  customer: string | null;
  paymentMethod: Stripe.PaymentMethod;
  email: string | null;
  metadata?: Record<string, string>;
  description?: string | null;
};

/** A payment intent for `req` in `status` (its charge is the caller's). */
function newPaymentIntent(
  core: Core,
  req: PaymentRequest,
  piId: string,
  status: Stripe.PaymentIntent.Status,
  transfer?: Stripe.PaymentIntent.PaymentMethodOptions.CustomerBalance,
): Stripe.PaymentIntent {
  const sepa = req.paymentMethod.sepa_debit ?? null;
  const now = core.now();
  return {
    id: piId,
    object: "payment_intent",
    amount: req.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: status === "succeeded" ? req.amount : 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic_async",
    client_secret: `${piId}_secret_${newId("x", 24).slice(2)}`,
    confirmation_method: "automatic",
    created: now,
    currency: req.currency,
    customer: req.customer,
    customer_account: null,
    description: req.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: req.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: req.paymentMethod.id,
    payment_method_configuration_details: null,
    payment_method_options: transfer
      ? ({ customer_balance: transfer } as Stripe.PaymentIntent.PaymentMethodOptions)
      : sepa
        ? ({ sepa_debit: {} } as Stripe.PaymentIntent.PaymentMethodOptions)
        : {
            card: {
              installments: null,
              mandate_options: null,
              network: null,
              request_three_d_secure: "automatic",
            },
          },
    payment_method_types: [transfer ? "customer_balance" : sepa ? "sepa_debit" : "card"],
    payment_record: null,
    processing: null,
    receipt_email: req.email,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status,
    transfer_data: null,
    transfer_group: null,
    allowed_payment_method_types: null,
  };
}

/**
 * A bank transfer's payment (`customer_balance`): the intent waits in `requires_action` with the
 * transfer instructions as its next action; no charge exists until the funds arrive.
 */
export function createAwaitingTransferPayment(
  core: Core,
  req: PaymentRequest,
  options: Stripe.PaymentIntent.PaymentMethodOptions.CustomerBalance,
  instructions: Stripe.PaymentIntent.NextAction.DisplayBankTransferInstructions,
): Stripe.PaymentIntent {
  const paymentIntent = newPaymentIntent(core, req, newId("pi"), "requires_action", options);
  paymentIntent.next_action = {
    type: "display_bank_transfer_instructions",
    display_bank_transfer_instructions: instructions,
  };
  core.state.paymentIntents[paymentIntent.id] = paymentIntent;
  core.emit("payment_intent.created", paymentIntent);
  core.emit("payment_intent.requires_action", paymentIntent);
  return paymentIntent;
}

/** The captured charge of a bank transfer whose funds covered its payment intent. */
export function recordTransferCharge(
  core: Core,
  pi: Stripe.PaymentIntent,
  email: string | null,
): Stripe.Charge {
  const pm = core.state.paymentMethods[String(pi.payment_method)]!;
  const charge = buildCharge(
    core,
    {
      amount: pi.amount,
      currency: pi.currency,
      customer: typeof pi.customer === "string" ? pi.customer : null,
      paymentMethod: pm,
      email,
      metadata: pi.metadata,
      description: pi.description,
    },
    pi.id,
    "succeeded",
  );
  core.state.charges[charge.id] = charge;
  pi.latest_charge = charge.id;
  return charge;
}

/**
 * A card payment that succeeds at once: a payment intent and its captured charge. With
 * `processing`, a delayed method's payment (SEPA Direct Debit): the intent is `processing` and
 * the charge `pending` until the clock settles it (`settleDelayedPayment`).
 */
export function createSucceededPayment(
  core: Core,
  req: PaymentRequest,
  opts: { processing?: boolean; declined?: boolean } = {},
): { paymentIntent: Stripe.PaymentIntent; charge: Stripe.Charge } {
  const processing = opts.processing === true;
  const declined = opts.declined === true;
  const piId = newId("pi");
  const paymentIntent = newPaymentIntent(
    core,
    req,
    piId,
    processing ? "processing" : declined ? "requires_payment_method" : "succeeded",
  );
  const charge = buildCharge(
    core,
    req,
    piId,
    processing ? "pending" : declined ? "failed" : "succeeded",
    declined ? CHARGE_DECLINED : undefined,
  );
  paymentIntent.latest_charge = charge.id;
  if (declined) paymentIntent.last_payment_error = lastPaymentError(core, req.paymentMethod);
  core.state.paymentIntents[piId] = paymentIntent;
  core.state.charges[charge.id] = charge;
  core.emit("payment_intent.created", paymentIntent);
  if (declined) {
    core.emit("payment_intent.payment_failed", paymentIntent);
    core.emit("charge.failed", charge);
  } else if (processing) {
    core.emit("payment_intent.processing", paymentIntent);
    core.emit("charge.pending", charge);
  } else {
    core.emit("payment_intent.succeeded", paymentIntent);
    core.emit("charge.succeeded", charge);
  }
  return { paymentIntent, charge };
}

/** How a card that "attaches but declines later" (4000 0000 0000 0341) fails off-session. */
const CHARGE_DECLINED = {
  code: "card_declined",
  declineCode: "generic_decline",
  message: "Your card was declined.",
};

function lastPaymentError(core: Core, pm: Stripe.PaymentMethod): Stripe.PaymentIntent.LastPaymentError {
  return {
    charge: undefined,
    code: CHARGE_DECLINED.code,
    decline_code: CHARGE_DECLINED.declineCode,
    doc_url: "https://stripe.com/docs/error-codes/card-declined",
    message: CHARGE_DECLINED.message,
    payment_method: structuredClone(pm),
    type: "card_error",
  } as Stripe.PaymentIntent.LastPaymentError;
}

/** Whether a saved payment method declines when charged (a card like 4000 0000 0000 0341). */
export function declinesOffSession(core: Core, pm: Stripe.PaymentMethod): boolean {
  return core.state.failingPaymentMethods[pm.id] === true;
}

/**
 * An invoice's payment attempt with a saved payment method: the first attempt creates the intent,
 * a retry confirms the same intent again (a new charge each time), as Stripe does. A card that
 * declines later fails with `card_declined`.
 */
export function chargeSavedMethod(
  core: Core,
  req: PaymentRequest,
  existing: Stripe.PaymentIntent | null,
): { paymentIntent: Stripe.PaymentIntent; charge: Stripe.Charge; ok: boolean } {
  const declined = declinesOffSession(core, req.paymentMethod);
  if (!existing) return { ...createSucceededPayment(core, req, { declined }), ok: !declined };
  const pi = existing;
  const charge = buildCharge(
    core,
    req,
    pi.id,
    declined ? "failed" : "succeeded",
    declined ? CHARGE_DECLINED : undefined,
  );
  core.state.charges[charge.id] = charge;
  pi.latest_charge = charge.id;
  pi.payment_method = req.paymentMethod.id;
  if (declined) {
    pi.last_payment_error = lastPaymentError(core, req.paymentMethod);
    core.emit("payment_intent.payment_failed", pi);
    core.emit("charge.failed", charge);
  } else {
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
    pi.last_payment_error = null;
    core.emit("payment_intent.succeeded", pi);
    core.emit("charge.succeeded", charge);
  }
  return { paymentIntent: pi, charge, ok: !declined };
}

export function getCharge(core: Core, id: string, param = "id"): Stripe.Charge {
  const c = core.state.charges[id];
  if (!c) throw resourceMissing("charge", id, param);
  return c;
}

export function getPaymentIntent(core: Core, id: string, param = "id"): Stripe.PaymentIntent {
  const pi = core.state.paymentIntents[id];
  if (!pi) throw resourceMissing("payment_intent", id, param);
  return pi;
}

export function registerPayments(router: Router): void {
  router.get("/v1/payment_intents/:id", ({ core, params: p, path }) =>
    expand(core, getPaymentIntent(core, path.id ?? ""), p.expand()),
  );
  router.get("/v1/payment_intents", ({ core, params: p }) => {
    const customer = p.str("customer");
    const created = createdFilter(p);
    const items = Object.values(core.state.paymentIntents).filter(
      (x) => (customer === undefined || x.customer === customer) && created(x.created),
    );
    return paginate(core, items, p, "/v1/payment_intents");
  });
  router.get("/v1/charges/:id", ({ core, params: p, path }) =>
    expand(core, getCharge(core, path.id ?? ""), p.expand()),
  );
  router.get("/v1/charges", ({ core, params: p }) => {
    const customer = p.str("customer");
    const pi = p.str("payment_intent");
    const created = createdFilter(p);
    const items = Object.values(core.state.charges).filter(
      (x) =>
        (customer === undefined || x.customer === customer) &&
        (pi === undefined || x.payment_intent === pi) &&
        created(x.created),
    );
    return paginate(core, items, p, "/v1/charges");
  });
  router.get("/v1/payment_methods/:id", ({ core, params: p, path }) => {
    const pm = core.state.paymentMethods[path.id ?? ""];
    if (!pm) throw resourceMissing("payment_method", path.id ?? "");
    return expand(core, pm, p.expand());
  });
}
