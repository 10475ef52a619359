// Invoices: built and paid at once for subscriptions (and checkout with invoice_creation); retrieve and list.
import type Stripe from "stripe";
import type { Core } from "../core";
import { invalidRequest, resourceMissing } from "../errors";
import { expand } from "../expand";
import { newId } from "../ids";
import { createdFilter, paginate } from "../list";
import type { Router } from "../router";
import { buildLine, invoiceTotals, type InvoiceLineInput } from "./invoice-lines";
import { getCustomer } from "./customers";
import { chargeSavedMethod } from "./payments";
import { previewSubscriptionUpdate } from "./subscription-update";
import { getSubscription } from "./subscriptions";

export type { InvoiceLineInput } from "./invoice-lines";

export type InvoiceRequest = {
  id?: string;
  customer: Stripe.Customer;
  currency: string;
  subscription: Stripe.Subscription | null;
  billingReason: Stripe.Invoice.BillingReason;
  lines: InvoiceLineInput[];
  periodStart: number;
  periodEnd: number;
  paymentMethod: Stripe.PaymentMethod | null;
  /** Pays with this existing payment (checkout in payment mode) instead of charging the card again. */
  payment?: { paymentIntent: Stripe.PaymentIntent; charge: Stripe.Charge };
  description?: string | null;
  metadata?: Record<string, string>;
};

/** A draft invoice of these lines (not stored): its totals, the customer balance it would use. */
function draftInvoice(core: Core, req: InvoiceRequest, id: string): Stripe.Invoice {
  const now = core.now();
  const sub = req.subscription;
  const lines = req.lines.map((l) => buildLine(id, sub?.id ?? null, l));
  const totals = invoiceTotals(lines);
  const total = totals.total;
  const startingBalance = req.customer.balance;
  const applied = total + startingBalance;
  const amountDue = Math.max(0, applied);
  const invoice: Stripe.Invoice = {
    id,
    object: "invoice",
    account_country: "FR",
    account_name: "Emulated Shop",
    account_tax_ids: null,
    amount_due: amountDue,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amountDue,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: req.billingReason,
    collection_method: "charge_automatically",
    created: now,
    currency: req.currency,
    custom_fields: null,
    customer: req.customer.id,
    customer_account: null,
    customer_address: req.customer.address ?? null,
    customer_email: req.customer.email,
    customer_name: req.customer.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: structuredClone(sub?.default_tax_rates ?? []),
    description: req.description ?? null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: `${core.config.publicUrl}/invoices/${id}`,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: req.metadata ?? {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: sub
      ? {
          type: "subscription_details",
          quote_details: null,
          subscription_details: { metadata: sub.metadata, subscription: sub.id },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: req.periodEnd,
    period_start: req.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: startingBalance,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: totals.subtotal,
    subtotal_excluding_tax: totals.subtotalExcludingTax,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: totals.totalExcludingTax,
    total_pretax_credit_amounts: [],
    total_taxes: totals.totalTaxes,
    webhooks_delivered_at: null,
  };
  return invoice;
}

/** Creates, finalizes and pays an invoice (paid by card at once; a credit goes to the customer balance). */
export function createPaidInvoice(core: Core, req: InvoiceRequest): Stripe.Invoice {
  const now = core.now();
  const id = req.id ?? newId("in");
  const invoice = draftInvoice(core, req, id);
  const { amount_due: amountDue, total, starting_balance: startingBalance } = invoice;
  const applied = total + startingBalance;
  core.state.invoices[id] = invoice;
  core.emit("invoice.created", invoice);

  const seq = req.customer.next_invoice_sequence ?? 1;
  req.customer.next_invoice_sequence = seq + 1;
  invoice.number = `${req.customer.invoice_prefix ?? "EMU"}-${String(seq).padStart(4, "0")}`;
  invoice.status = "open";
  invoice.effective_at = now;
  invoice.status_transitions.finalized_at = now;
  invoice.ending_balance = Math.min(0, applied);
  req.customer.balance = Math.min(0, applied);
  core.emit("invoice.finalized", invoice);

  if (amountDue > 0) {
    if (!req.paymentMethod) throw new Error("invoice needs a payment method");
    attemptInvoicePayment(core, invoice, req.customer, req.paymentMethod, req.payment);
  } else {
    markPaid(core, invoice);
  }
  core.changed();
  return invoice;
}

function markPaid(core: Core, invoice: Stripe.Invoice): void {
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.status = "paid";
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = core.now();
  core.emit("invoice.paid", invoice);
  core.emit("invoice.payment_succeeded", invoice);
}

/**
 * One payment attempt on an open invoice (the first at finalization, then the retries): paid, or
 * `invoice.payment_failed` with `attempt_count` and `next_payment_attempt` by the account's retry
 * schedule (null after the last). Returns whether it was paid.
 */
export function attemptInvoicePayment(
  core: Core,
  invoice: Stripe.Invoice,
  customer: Stripe.Customer,
  paymentMethod: Stripe.PaymentMethod,
  existingPayment?: { paymentIntent: Stripe.PaymentIntent; charge: Stripe.Charge },
): boolean {
  const now = core.now();
  const amountDue = invoice.amount_remaining;
  const open = Object.values(core.state.invoicePayments).find(
    (x) => x.invoice === invoice.id && x.status === "open",
  );
  const previous = open?.payment.payment_intent
    ? (core.state.paymentIntents[String(open.payment.payment_intent)] ?? null)
    : null;
  const sub = invoice.parent?.subscription_details?.subscription ?? null;
  const result = existingPayment
    ? { ...existingPayment, ok: true }
    : chargeSavedMethod(
        core,
        {
          amount: amountDue,
          currency: invoice.currency,
          customer: customer.id,
          paymentMethod,
          email: customer.email,
          description: sub
            ? invoice.billing_reason === "subscription_create"
              ? "Subscription creation"
              : "Subscription update"
            : null,
        },
        previous,
      );
  const payment: Stripe.InvoicePayment = open ?? {
    id: newId("inpay"),
    object: "invoice_payment",
    amount_paid: 0,
    amount_requested: amountDue,
    created: now,
    currency: invoice.currency,
    invoice: invoice.id!,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: result.paymentIntent.id },
    status: "open",
    status_transitions: { canceled_at: null, paid_at: null },
  };
  core.state.invoicePayments[payment.id] = payment;
  invoice.attempt_count += 1;
  invoice.attempted = true;
  invoice.default_payment_method = paymentMethod.id;
  if (result.ok) {
    payment.status = "paid";
    payment.amount_paid = amountDue;
    payment.status_transitions.paid_at = now;
    markPaid(core, invoice);
    return true;
  }
  const days = core.state.billingSettings.retryDays[invoice.attempt_count - 1];
  invoice.next_payment_attempt = days === undefined ? null : now + days * 86_400;
  core.emit("invoice.payment_failed", invoice);
  return false;
}

export function getInvoice(core: Core, id: string, param = "id"): Stripe.Invoice {
  const inv = core.state.invoices[id];
  if (!inv) throw resourceMissing("invoice", id, param);
  return inv;
}

function subscriptionOf(inv: Stripe.Invoice): string | null {
  const s = inv.parent?.subscription_details?.subscription;
  return typeof s === "string" ? s : (s?.id ?? null);
}

export function registerInvoices(router: Router): void {
  // A preview of the invoice a subscription update would create; nothing is stored or changed.
  router.post("/v1/invoices/create_preview", ({ core, params: p }) => {
    const subId = p.str("subscription");
    if (!subId)
      throw invalidRequest(
        "The emulator previews subscription updates only: pass subscription (and subscription_details).",
        { param: "subscription" },
      );
    const sub = getSubscription(core, subId, "subscription");
    const customerId = p.str("customer");
    if (customerId !== undefined && customerId !== sub.customer)
      throw invalidRequest(`The subscription ${sub.id} does not belong to the customer ${customerId}.`, {
        param: "customer",
      });
    const preview = previewSubscriptionUpdate(core, sub, p.obj("subscription_details"));
    const pmId =
      typeof sub.default_payment_method === "string"
        ? sub.default_payment_method
        : (sub.default_payment_method?.id ?? null);
    const invoice = draftInvoice(
      core,
      {
        customer: getCustomer(core, String(sub.customer)),
        currency: sub.currency,
        subscription: sub,
        billingReason: preview.periodStart === preview.periodEnd ? "subscription_update" : "upcoming",
        lines: preview.lines,
        periodStart: preview.periodStart,
        periodEnd: preview.periodEnd,
        paymentMethod: pmId ? (core.state.paymentMethods[pmId] ?? null) : null,
      },
      `upcoming_${newId("in")}`,
    );
    invoice.hosted_invoice_url = null;
    return expand(core, invoice, p.expand());
  });

  router.get("/v1/invoices/:id", ({ core, params: p, path }) =>
    expand(core, getInvoice(core, path.id ?? ""), p.expand()),
  );
  router.get("/v1/invoices/:id/lines", ({ core, params: p, path }) => {
    const inv = getInvoice(core, path.id ?? "");
    return paginate(core, inv.lines.data, p, `/v1/invoices/${inv.id}/lines`, true);
  });
  router.get("/v1/invoices", ({ core, params: p }) => {
    const customer = p.str("customer");
    const subscription = p.str("subscription");
    const status = p.str("status");
    const created = createdFilter(p);
    const items = Object.values(core.state.invoices).filter(
      (x) =>
        (customer === undefined || x.customer === customer) &&
        (subscription === undefined || subscriptionOf(x) === subscription) &&
        (status === undefined || x.status === status) &&
        created(x.created),
    );
    return paginate(core, items, p, "/v1/invoices");
  });
  router.get("/v1/invoice_payments/:id", ({ core, params: p, path }) => {
    const pay = core.state.invoicePayments[path.id ?? ""];
    if (!pay) throw resourceMissing("invoice_payment", path.id ?? "");
    return expand(core, pay, p.expand());
  });
  router.get("/v1/invoice_payments", ({ core, params: p }) => {
    const invoice = p.str("invoice");
    const items = Object.values(core.state.invoicePayments).filter(
      (x) => invoice === undefined || x.invoice === invoice,
    );
    return paginate(core, items, p, "/v1/invoice_payments");
  });
}
