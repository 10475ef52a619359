import type Stripe from "stripe";

/** The id of a field that is either an id or an expanded object. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : value.id;
}

/** "visa •••• 4242" as data, for the order page. */
export function paymentMethodOf(charge: Stripe.Charge | null | undefined): Record<string, string> | null {
  const details = charge?.payment_method_details;
  if (!details) return null;
  const out: Record<string, string> = { type: details.type };
  if (details.card) {
    out.brand = details.card.brand ?? "card";
    if (details.card.last4) out.last4 = details.card.last4;
  }
  if (details.sepa_debit?.last4) out.last4 = details.sepa_debit.last4;
  return out;
}

/**
 * How a Checkout still waiting for its money is paid: the charge's method (SEPA Direct Debit), or,
 * for a bank transfer (no charge until the money arrives), where to send it: the payment intent's
 * `display_bank_transfer_instructions` (IBAN, BIC, account holder, reference).
 */
export function awaitedPaymentMethodOf(
  session: Stripe.Checkout.Session,
  charge: Stripe.Charge | null,
): Record<string, string> | null {
  const pi = session.payment_intent;
  const instructions =
    pi && typeof pi !== "string" ? pi.next_action?.display_bank_transfer_instructions : undefined;
  const iban = instructions?.financial_addresses?.find((a) => a.type === "iban")?.iban;
  if (!instructions || !iban) return paymentMethodOf(charge);
  return {
    type: "customer_balance",
    iban: iban.iban,
    bic: iban.bic,
    holder: iban.account_holder_name,
    reference: instructions.reference ?? "",
  };
}

/** Whether the session's payment is a bank transfer (`customer_balance`); its payment intent must be expanded. */
export function isPaidByTransfer(session: Stripe.Checkout.Session): boolean {
  const pi = session.payment_intent;
  return !!pi && typeof pi !== "string" && pi.payment_method_types.includes("customer_balance");
}

/** The subscription's current period (on its first item since API 2025-03-31). */
export function periodOf(sub: Stripe.Subscription): { start: Date; end: Date } {
  const item = sub.items.data[0];
  if (!item) throw new Error(`subscription ${sub.id} has no items`);
  return { start: new Date(item.current_period_start * 1000), end: new Date(item.current_period_end * 1000) };
}

/** The subscription an invoice belongs to (API 2025-03-31 and later). */
export function subscriptionIdOfInvoice(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription ?? null);
}

/** The payment intent that paid an invoice, from its `payments` list. */
export function paymentIntentIdOfInvoice(invoice: Stripe.Invoice): string | null {
  for (const p of invoice.payments?.data ?? []) {
    const id = idOf(p.payment?.payment_intent ?? null);
    if (id) return id;
  }
  return null;
}

const STATUSES = [
  "incomplete",
  "incomplete_expired",
  "trialing",
  "active",
  "past_due",
  "canceled",
  "unpaid",
  "paused",
] as const;
export type TSubscriptionStatus = (typeof STATUSES)[number];

/** Stripe's subscription status, checked against the statuses the database accepts. */
export function subscriptionStatusOf(sub: Stripe.Subscription): TSubscriptionStatus {
  if ((STATUSES as readonly string[]).includes(sub.status)) return sub.status as TSubscriptionStatus;
  throw new Error(`subscription ${sub.id} has an unknown status ${sub.status}`);
}
