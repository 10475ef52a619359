// What the passing of (emulator) time causes: subscription renewals and cancellations at period end,
// the expiry of open Checkout Sessions and the settlement of delayed (SEPA) payments. Each is dated at the moment it was due.
import type Stripe from "stripe";
import { nextPeriodEnd } from "./billing-period";
import type { Core } from "./core";
import { newId } from "./ids";
import { diff } from "./resources/customers";
import { expireSession } from "./resources/checkout";
import { settleDelayedPayment } from "./resources/delayed-payments";
import { attemptInvoicePayment, createPaidInvoice } from "./resources/invoices";
import { periodEnd, takePendingItems } from "./resources/subscription-update";
import { endSubscription, itemLine } from "./resources/subscriptions";

type Due = { at: number; run: () => void };

function renew(core: Core, sub: Stripe.Subscription): void {
  const customer = core.state.customers[String(sub.customer)];
  if (!customer) {
    // A plan whose customer was deleted (state saved before deletion canceled plans): Stripe has
    // canceled it; ending it here keeps the clock going instead of failing on every tick.
    endSubscription(core, sub, core.now());
    return;
  }
  const before = structuredClone(sub);
  const first = sub.items.data[0];
  if (!first?.price.recurring) return;
  const oldStart = first.current_period_start;
  const oldEnd = first.current_period_end;
  const newEnd = nextPeriodEnd(sub.billing_cycle_anchor, first.price.recurring, oldEnd);
  for (const item of sub.items.data) {
    item.current_period_start = oldEnd;
    item.current_period_end = newEnd;
  }
  const invoiceId = newId("in");
  sub.latest_invoice = invoiceId;
  core.emit(
    "customer.subscription.updated",
    sub,
    diff(before as unknown as Record<string, unknown>, sub as unknown as Record<string, unknown>),
  );
  const pending = takePendingItems(core, sub, invoiceId);
  const invoice = createPaidInvoice(core, {
    id: invoiceId,
    customer,
    currency: sub.currency,
    subscription: sub,
    billingReason: "subscription_cycle",
    lines: [...pending, ...sub.items.data.map((i) => itemLine(core, i))],
    periodStart: oldStart,
    periodEnd: oldEnd,
    paymentMethod: billingPaymentMethod(core, sub),
  });
  if (invoice.status === "open") afterFailedAttempt(core, sub, invoice);
}

/** The payment method a subscription's invoices charge: its own default, else the customer's. */
function billingPaymentMethod(core: Core, sub: Stripe.Subscription): Stripe.PaymentMethod | null {
  const own = idOfField(sub.default_payment_method);
  const customer = core.state.customers[String(sub.customer)];
  const id = own ?? idOfField(customer?.invoice_settings?.default_payment_method ?? null);
  return id ? (core.state.paymentMethods[id] ?? null) : null;
}

function idOfField(v: string | { id: string } | null): string | null {
  return v === null ? null : typeof v === "string" ? v : v.id;
}

/**
 * A renewal's payment failed: the subscription is `past_due` while retries remain; after the
 * last one it is canceled or left `unpaid`, as the account's settings say.
 */
function afterFailedAttempt(core: Core, sub: Stripe.Subscription, invoice: Stripe.Invoice): void {
  if (invoice.next_payment_attempt !== null) {
    if (sub.status === "past_due") return;
    const before = structuredClone(sub);
    sub.status = "past_due";
    core.emit("customer.subscription.updated", sub, diffOf(before, sub));
    return;
  }
  if (core.state.billingSettings.afterFinalFailure === "unpaid") {
    const before = structuredClone(sub);
    sub.status = "unpaid";
    core.emit("customer.subscription.updated", sub, diffOf(before, sub));
    return;
  }
  const before = structuredClone(sub);
  endSubscription(core, sub, core.now(), before, "payment_failed");
}

function diffOf(before: Stripe.Subscription, after: Stripe.Subscription): Record<string, unknown> {
  return diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
}

/** A retry of a past-due subscription's open invoice (Smart-Retries-like schedule). */
function retryInvoice(core: Core, invoice: Stripe.Invoice): void {
  const subId = invoice.parent?.subscription_details?.subscription;
  const sub = subId ? core.state.subscriptions[String(subId)] : undefined;
  const customer = core.state.customers[String(invoice.customer)];
  const pm = sub ? billingPaymentMethod(core, sub) : null;
  if (!sub || !customer || !pm || sub.status !== "past_due") {
    invoice.next_payment_attempt = null;
    return;
  }
  if (attemptInvoicePayment(core, invoice, customer, pm)) {
    const before = structuredClone(sub);
    sub.status = "active";
    core.emit("customer.subscription.updated", sub, diffOf(before, sub));
  } else {
    afterFailedAttempt(core, sub, invoice);
  }
}

function nextDue(core: Core, until: number): Due | null {
  let best: Due | null = null;
  for (const sub of Object.values(core.state.subscriptions)) {
    if (sub.status !== "active" && sub.status !== "trialing" && sub.status !== "past_due") continue;
    const end = periodEnd(sub);
    const cancelAt = sub.cancel_at !== null && sub.cancel_at <= end ? sub.cancel_at : null;
    const at = cancelAt ?? end;
    if (at > until || (best && best.at <= at)) continue;
    best =
      cancelAt !== null
        ? { at, run: () => endSubscription(core, sub, at) }
        : { at, run: () => renew(core, sub) };
  }
  for (const s of Object.values(core.state.checkoutSessions)) {
    if (s.status !== "open" || s.expires_at > until || (best && best.at <= s.expires_at)) continue;
    const at = s.expires_at;
    best = { at, run: () => expireSession(core, s) };
  }
  for (const inv of Object.values(core.state.invoices)) {
    const at = inv.next_payment_attempt;
    if (inv.status !== "open" || at === null || at > until || (best && best.at <= at)) continue;
    best = { at, run: () => retryInvoice(core, inv) };
  }
  for (const d of Object.values(core.state.delayedPayments)) {
    if (d.settleAt > until || (best && best.at <= d.settleAt)) continue;
    const at = d.settleAt;
    best = { at, run: () => settleDelayedPayment(core, d.paymentIntent) };
  }
  return best;
}

/** Runs everything due up to now, oldest first. Returns how many things happened. */
export function runDueWork(core: Core): number {
  const until = core.now();
  let count = 0;
  core.withRequest({ id: null, idempotency_key: null }, () => {
    for (let guard = 0; guard < 10_000; guard++) {
      const due = nextDue(core, until);
      if (!due) break;
      core.clock.runAt(due.at, due.run);
      count += 1;
    }
  });
  if (count) core.changed();
  return count;
}
