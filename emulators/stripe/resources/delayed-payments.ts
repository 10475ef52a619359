// Delayed payment methods: SEPA Direct Debit with Stripe's test IBANs. A Checkout paid this way
// completes `unpaid`; the payment stays `processing` until the emulator clock reaches its
// settlement, then succeeds or fails with the events Stripe sends
// (https://docs.stripe.com/payments/sepa-debit/accept-a-payment, "Test your integration").
import type Stripe from "stripe";
import type { Core } from "../core";
import { invalidParam } from "../errors";

/** Stripe's SEPA test IBANs and how each one ends. */
export const SEPA_TEST_IBANS: Record<string, "succeeded" | "failed"> = {
  AT611904300234573201: "succeeded",
  AT861904300235473202: "failed",
  DE89370400440532013000: "succeeded",
  DE62370400440532013001: "failed",
  FR1420041010050500013M02606: "succeeded",
  FR3020041010050500013M02609: "failed",
  IT40S0542811101000000123456: "succeeded",
  IT60X0542811101000000123456: "failed",
  NL39RABO0300065264: "succeeded",
  NL91ABNA0417164300: "failed",
};

/** How long a SEPA debit takes to settle on the emulator clock (Stripe: up to several business days). */
export const SEPA_SETTLEMENT_SECONDS = 3 * 24 * 3600;

export function normalizeIban(raw: string): string {
  return raw.replace(/\s+/g, "").toUpperCase();
}

/** The outcome of a test IBAN, or Stripe's error for one it does not know. */
export function sepaOutcome(rawIban: string): "succeeded" | "failed" {
  const iban = normalizeIban(rawIban);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/.test(iban))
    throw invalidParam("The IBAN you provided is invalid.", "iban", "invalid_bank_account_iban");
  const outcome = SEPA_TEST_IBANS[iban];
  if (!outcome)
    throw invalidParam(
      "The IBAN you provided is not one of Stripe's SEPA test IBANs.",
      "iban",
      "invalid_bank_account_iban",
    );
  return outcome;
}

/** Schedules the settlement of a processing payment. */
export function scheduleSettlement(
  core: Core,
  paymentIntent: string,
  session: string | null,
  outcome: "succeeded" | "failed",
): void {
  core.state.delayedPayments[paymentIntent] = {
    paymentIntent,
    session,
    settleAt: core.now() + SEPA_SETTLEMENT_SECONDS,
    outcome,
  };
}

/** Settles one delayed payment now: the intent, its charge and its Checkout Session move on, with their events. */
export function settleDelayedPayment(core: Core, paymentIntentId: string): void {
  const pending = core.state.delayedPayments[paymentIntentId];
  if (!pending) return;
  delete core.state.delayedPayments[paymentIntentId];
  const pi = core.state.paymentIntents[paymentIntentId];
  if (!pi || pi.status !== "processing") return;
  const charge = typeof pi.latest_charge === "string" ? core.state.charges[pi.latest_charge] : undefined;
  const session = pending.session ? core.state.checkoutSessions[pending.session] : undefined;
  if (pending.outcome === "succeeded") {
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
    if (charge) {
      charge.status = "succeeded";
      charge.paid = true;
    }
    core.emit("payment_intent.succeeded", pi);
    if (charge) core.emit("charge.succeeded", charge);
    if (session) {
      session.payment_status = "paid";
      core.emit("checkout.session.async_payment_succeeded", session);
    }
  } else {
    const message = "The customer's account has insufficient funds to cover this payment.";
    pi.status = "requires_payment_method";
    pi.last_payment_error = {
      code: "insufficient_funds",
      message,
      payment_method: pi.payment_method
        ? (core.state.paymentMethods[String(pi.payment_method)] ?? undefined)
        : undefined,
      type: "invalid_request_error",
    } as Stripe.PaymentIntent.LastPaymentError;
    if (charge) {
      charge.status = "failed";
      charge.paid = false;
      charge.captured = false;
      charge.amount_captured = 0;
      charge.failure_code = "insufficient_funds";
      charge.failure_message = message;
      charge.outcome = { ...charge.outcome!, network_status: "declined_by_network", type: "issuer_declined" };
    }
    core.emit("payment_intent.payment_failed", pi);
    if (charge) core.emit("charge.failed", charge);
    if (session) core.emit("checkout.session.async_payment_failed", session);
  }
  core.changed();
}
