// Completing a Checkout Session (hosted page or control endpoint): customer, payment, subscription, invoice.
import type Stripe from "stripe";
import { evaluateCard } from "../cards";
import type { Core } from "../core";
import { type ApiError, cardError, invalidParam, invalidRequest } from "../errors";
import { createCustomer } from "./customers";
import { createPaidInvoice, type InvoiceLineInput } from "./invoices";
import { startBankTransfer } from "./bank-transfers";
import { normalizeIban, scheduleSettlement, sepaOutcome } from "./delayed-payments";
import { createPaymentMethod, createSepaPaymentMethod, createSucceededPayment } from "./payments";
import { expireSession } from "./checkout";
import { createSubscription } from "./subscriptions";
import { ratesByIds } from "./tax-rates";
import { createSucceededSetupIntent } from "./setup-intents";

export type CompletionInput = {
  card: string;
  /** Pay by SEPA Direct Debit with this (test) IBAN instead of the card: the session completes unpaid. */
  iban?: string | undefined;
  /** Pay by bank transfer (`customer_balance`): the session completes unpaid with the transfer instructions. */
  bankTransfer?: boolean;
  email?: string | undefined;
  name?: string | undefined;
  expMonth?: number;
  expYear?: number;
};

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A session line as an invoice line, taxed at the rates the session applied to it. */
function oneTimeLine(core: Core, li: Stripe.LineItem, now: number): InvoiceLineInput {
  return {
    amount: li.amount_subtotal,
    description: li.description ?? "",
    price: li.price,
    quantity: li.quantity ?? 1,
    period: { start: now, end: now },
    proration: false,
    subscriptionItem: null,
    invoiceItem: null,
    taxRates: ratesByIds(
      core,
      (core.state.lineItemTaxes[li.id] ?? []).map((t) => t.rate.id),
    ),
  };
}

/**
 * Why this session cannot be paid by SEPA Direct Debit, or null when it can: a payment in euros
 * whose payment method types (dynamic ones, or the legacy explicit list) include `sepa_debit`.
 */
export function sepaRefusal(core: Core, session: Stripe.Checkout.Session): ApiError | null {
  if (session.mode !== "payment")
    return invalidRequest("The emulator offers SEPA Direct Debit for payment-mode sessions only.", {
      param: "payment_method_types",
    });
  if ((session.currency ?? "eur") !== "eur")
    return invalidRequest("SEPA Direct Debit only supports payments in eur.", {
      param: "payment_method_types",
    });
  if (!(session.payment_method_types ?? []).includes("sepa_debit"))
    return invalidRequest("This Checkout Session does not accept sepa_debit.", {
      param: "payment_method_types",
    });
  return null;
}

/** Completes an open session as a successful card payment would; throws Stripe-shaped errors otherwise. */
export function completeSession(
  core: Core,
  session: Stripe.Checkout.Session,
  input: CompletionInput,
): Stripe.Checkout.Session {
  if (session.status === "open" && session.expires_at <= core.now()) expireSession(core, session);
  if (session.status !== "open") {
    throw invalidRequest(`This Checkout Session is no longer active (status: ${session.status}).`, {
      code: "checkout_session_inactive",
    });
  }
  const existingCustomer =
    typeof session.customer === "string" ? (core.state.customers[session.customer] ?? null) : null;
  const email = (input.email?.trim() || session.customer_email || existingCustomer?.email || "").trim();
  if (!email || !EMAIL_RE.test(email))
    throw invalidParam("Your email address is invalid.", "email", "email_invalid");
  if (input.iban !== undefined) {
    const refusal = sepaRefusal(core, session);
    if (refusal) throw refusal;
  }
  const transfer = input.bankTransfer === true && input.iban === undefined;
  if (transfer && !(session.payment_method_types ?? []).includes("customer_balance"))
    throw invalidRequest("This Checkout Session does not accept customer_balance.", {
      param: "payment_method_types",
    });
  const sepa =
    input.iban !== undefined ? { iban: normalizeIban(input.iban), outcome: sepaOutcome(input.iban) } : null;
  const outcome = sepa || transfer ? null : evaluateCard(input.card, input.expMonth, input.expYear);
  if (outcome && !outcome.ok) throw outcome.error;
  // A card that attaches but declines when charged: Checkout charges it now, so it declines here.
  if (outcome?.card.declinesLater && session.mode !== "setup")
    throw cardError("Your card was declined.", "generic_decline");

  const options = core.state.sessionOptions[session.id];
  const lines = core.state.sessionLineItems[session.id] ?? [];
  const name = input.name?.trim() || existingCustomer?.name || null;
  // As Stripe: a session without `customer` never reuses one by e-mail. Payment mode makes a guest
  // (`customer: null`) unless `customer_creation=always` or a post-purchase invoice needs a customer
  // (`if_required`); subscription mode makes a new customer each time.
  // A bank transfer is paid into the customer's cash balance: it always needs a customer.
  const guest =
    !transfer &&
    ((session.mode === "setup" && !existingCustomer) ||
      (session.mode === "payment" &&
        !existingCustomer &&
        options?.customerCreation !== "always" &&
        !session.invoice_creation?.enabled));
  const customer = existingCustomer ?? (guest ? null : createCustomer(core, { email, name }));
  const amount = session.amount_total ?? 0;
  const currency = session.currency ?? "eur";

  if (transfer && customer) {
    session.payment_intent = startBankTransfer(core, session, customer, { email, name }).id;
  } else if (session.mode === "setup") {
    const pm = paymentMethodFor(core, sepa, outcome, customer, { email, name });
    const data = options?.setupIntentData;
    const si = createSucceededSetupIntent(core, {
      customer: customer?.id ?? null,
      paymentMethod: pm,
      metadata: data?.metadata ?? {},
      description: data?.description ?? null,
    });
    session.setup_intent = si.id;
  } else if (session.mode === "subscription" && customer) {
    const pm = paymentMethodFor(core, sepa, outcome, customer, { email, name });
    const recurring = lines.filter((l) => l.price?.type === "recurring" && l.price);
    const { subscription, invoice } = createSubscription(core, {
      customer,
      items: recurring.map((l) => ({
        price: l.price as Stripe.Price,
        quantity: l.quantity ?? 1,
        taxRates: ratesByIds(core, options?.lineTaxRates?.[l.id]),
      })),
      defaultTaxRates: ratesByIds(core, options?.subscriptionData.defaultTaxRates),
      metadata: options?.subscriptionData.metadata ?? {},
      description: options?.subscriptionData.description ?? null,
      paymentMethod: pm,
      extraLines: lines
        .filter((l) => l.price?.type !== "recurring")
        .map((l) => oneTimeLine(core, l, core.now())),
    });
    customer.invoice_settings.default_payment_method = pm.id;
    session.subscription = subscription.id;
    session.invoice = invoice.id;
  } else {
    const pm = paymentMethodFor(core, sepa, outcome, customer, { email, name });
    const payment = createSucceededPayment(
      core,
      {
        amount,
        currency,
        customer: customer?.id ?? null,
        paymentMethod: pm,
        email,
        metadata: options?.paymentIntentData.metadata ?? {},
        description: options?.paymentIntentData.description ?? null,
      },
      { processing: sepa !== null },
    );
    session.payment_intent = payment.paymentIntent.id;
    if (sepa) scheduleSettlement(core, payment.paymentIntent.id, session.id, sepa.outcome);
    // A delayed payment's invoice is not emulated (a known difference, see the README).
    if (session.invoice_creation?.enabled && customer && !sepa) {
      const invoice = createPaidInvoice(core, {
        customer,
        currency,
        subscription: null,
        billingReason: "manual",
        lines: lines.map((l) => oneTimeLine(core, l, core.now())),
        periodStart: core.now(),
        periodEnd: core.now(),
        paymentMethod: pm,
        payment,
      });
      session.invoice = invoice.id;
    }
  }
  session.status = "complete";
  // A delayed method's session is complete but unpaid until its payment settles.
  session.payment_status =
    session.mode === "setup" ? "no_payment_required" : sepa || transfer ? "unpaid" : "paid";
  session.url = null;
  session.customer = customer?.id ?? null;
  session.customer_details = {
    address: customer?.address ?? null,
    business_name: null,
    email,
    individual_name: null,
    name,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
  core.emit("checkout.session.completed", session);
  core.changed();
  return session;
}

function paymentMethodFor(
  core: Core,
  sepa: { iban: string } | null,
  outcome: ReturnType<typeof evaluateCard> | null,
  customer: Stripe.Customer | null,
  billing: { email: string; name: string | null },
): Stripe.PaymentMethod {
  if (sepa) return createSepaPaymentMethod(core, sepa.iban, customer?.id ?? null, billing);
  if (!outcome?.ok) throw new Error("a card payment method without a valid card");
  return createPaymentMethod(core, outcome.card, customer?.id ?? null, billing);
}

/** The success URL with `{CHECKOUT_SESSION_ID}` filled in. */
export function successRedirect(session: Stripe.Checkout.Session): string | null {
  return session.success_url ? session.success_url.split("{CHECKOUT_SESSION_ID}").join(session.id) : null;
}
