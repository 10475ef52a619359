// Bank transfers (`customer_balance`, EU): a Checkout paid this way completes `unpaid` with the
// transfer instructions (the customer's virtual IBAN and a reference) on its payment intent; the
// money arrives when a test transfer funds the customer's cash balance (Stripe's test helper
// `POST /v1/test_helpers/customers/:id/fund_cash_balance`), and a payment intent cancelled before
// that fails the Checkout (https://docs.stripe.com/payments/bank-transfers/accept-a-payment).
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import type { Core } from "../core";
import { invalidRequest } from "../errors";
import { newId } from "../ids";
import {
  createAwaitingTransferPayment,
  createCustomerBalancePaymentMethod,
  getPaymentIntent,
  recordTransferCharge,
} from "./payments";
import { getCustomer } from "./customers";
import type { Router } from "../router";

/** The bank code of each country's virtual accounts (made up, but shaped as that country's IBAN). */
const BANKS: Record<string, { bank: string; bic: string; length: number }> = {
  BE: { bank: "539", bic: "SBOBBEB1XXX", length: 16 },
  DE: { bank: "10010010", bic: "SOBKDEBBXXX", length: 22 },
  ES: { bank: "00812345", bic: "SBOBESM1XXX", length: 24 },
  FR: { bank: "2004101005", bic: "SBOBFRPPXXX", length: 27 },
  IE: { bank: "SBOB990123", bic: "SBOBIE2DXXX", length: 22 },
  NL: { bank: "SBOB", bic: "SBOBNL2AXXX", length: 18 },
};

/** An IBAN with a correct check (ISO 13616: mod 97 of the rearranged digits is 1). */
function withCheckDigits(country: string, bban: string): string {
  const digits = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return `${country}${String(98 - rest).padStart(2, "0")}${bban}`;
}

/** The customer's virtual account in `country`: the same for every transfer (as Stripe keeps one per customer). */
export function virtualIban(customer: string, country: string): { iban: string; bic: string } {
  const b = BANKS[country] ?? BANKS.DE!;
  const hash = BigInt(
    `0x${createHash("sha256").update(`${customer}:${country}`).digest("hex").slice(0, 24)}`,
  );
  const account = hash
    .toString()
    .padStart(30, "0")
    .slice(-(b.length - 4 - b.bank.length));
  return { iban: withCheckDigits(country, `${b.bank}${account}`), bic: b.bic };
}

const EMPTY_ADDRESS: Stripe.Address = {
  city: null,
  country: null,
  line1: null,
  line2: null,
  postal_code: null,
  state: null,
};

/** A payment's transfer reference (Stripe prints one for each payment in the EU). */
function newReference(): string {
  return newId("x", 12).slice(2).toUpperCase();
}

/** The bank-transfer payment of a completed Checkout Session: instructions, nothing charged yet. */
export function startBankTransfer(
  core: Core,
  session: Stripe.Checkout.Session,
  customer: Stripe.Customer,
  billing: { email: string; name: string | null },
): Stripe.PaymentIntent {
  const options = session.payment_method_options?.customer_balance;
  const country = options?.bank_transfer?.eu_bank_transfer?.country ?? "DE";
  const account = virtualIban(customer.id, country);
  const amount = session.amount_total ?? 0;
  const currency = session.currency ?? "eur";
  const pm = createCustomerBalancePaymentMethod(core, customer.id, billing);
  return createAwaitingTransferPayment(
    core,
    {
      amount,
      currency,
      customer: customer.id,
      paymentMethod: pm,
      email: billing.email,
      metadata: core.state.sessionOptions[session.id]?.paymentIntentData.metadata ?? {},
      description: core.state.sessionOptions[session.id]?.paymentIntentData.description ?? null,
    },
    {
      bank_transfer: {
        eu_bank_transfer: { country },
        requested_address_types: ["iban"],
        type: "eu_bank_transfer",
      },
      funding_type: "bank_transfer",
    } as Stripe.PaymentIntent.PaymentMethodOptions.CustomerBalance,
    {
      amount_remaining: amount,
      currency,
      financial_addresses: [
        {
          iban: {
            account_holder_address: EMPTY_ADDRESS,
            account_holder_name: core.state.branding?.name ?? "Emulated shop",
            bank_address: EMPTY_ADDRESS,
            bic: account.bic,
            country,
            iban: account.iban,
          },
          supported_networks: ["sepa"],
          type: "iban",
        },
      ],
      hosted_instructions_url: null,
      reference: newReference(),
      type: "eu_bank_transfer",
    } as Stripe.PaymentIntent.NextAction.DisplayBankTransferInstructions,
  );
}

function sessionOf(core: Core, pi: string): Stripe.Checkout.Session | undefined {
  return Object.values(core.state.checkoutSessions).find((s) => s.payment_intent === pi);
}

function awaitingTransfers(core: Core, customer: string, currency: string): Stripe.PaymentIntent[] {
  return Object.values(core.state.paymentIntents)
    .filter(
      (pi) =>
        pi.customer === customer &&
        pi.currency === currency &&
        pi.status === "requires_action" &&
        pi.next_action?.type === "display_bank_transfer_instructions",
    )
    .sort((a, b) => a.created - b.created);
}

/**
 * A transfer arrives on the customer's virtual account: it pays the payment whose reference it
 * carries, else one for exactly that amount, else the oldest (Stripe's automatic reconciliation).
 * What it does not cover stays owed (`amount_remaining`); a payment it covers succeeds.
 */
export function fundCashBalance(
  core: Core,
  customerId: string,
  amount: number,
  currency: string,
  reference: string | null,
): { id: string; object: "customer_cash_balance_transaction"; net_amount: number; currency: string } {
  getCustomer(core, customerId, "customer");
  const open = awaitingTransfers(core, customerId, currency);
  const target =
    open.find(
      (pi) => reference && pi.next_action?.display_bank_transfer_instructions?.reference === reference,
    ) ??
    open.find((pi) => pi.next_action?.display_bank_transfer_instructions?.amount_remaining === amount) ??
    open[0];
  if (target) {
    const instructions = target.next_action!.display_bank_transfer_instructions!;
    const remaining = Math.max(0, (instructions.amount_remaining ?? target.amount) - amount);
    if (remaining > 0) {
      instructions.amount_remaining = remaining;
      target.amount_received = target.amount - remaining;
      core.emit("payment_intent.partially_funded", target);
    } else {
      target.status = "succeeded";
      target.amount_received = target.amount;
      target.next_action = null;
      const session = sessionOf(core, target.id);
      const charge = recordTransferCharge(core, target, session?.customer_details?.email ?? null);
      core.emit("payment_intent.succeeded", target);
      core.emit("charge.succeeded", charge);
      if (session) {
        session.payment_status = "paid";
        core.emit("checkout.session.async_payment_succeeded", session);
      }
    }
  }
  core.changed();
  return {
    id: newId("ccsbtxn"),
    object: "customer_cash_balance_transaction",
    net_amount: amount,
    currency,
  };
}

const CANCELLABLE = [
  "requires_payment_method",
  "requires_capture",
  "requires_confirmation",
  "requires_action",
];

export function registerBankTransfers(router: Router): void {
  router.post("/v1/test_helpers/customers/:id/fund_cash_balance", ({ core, params: p, path }) => {
    const amount = p.posInt("amount");
    const currency = p.str("currency");
    if (amount === undefined || !currency)
      throw invalidRequest("Missing required param: amount and currency.", {
        param: amount ? "currency" : "amount",
      });
    return fundCashBalance(core, path.id ?? "", amount, currency.toLowerCase(), p.str("reference") ?? null);
  });

  // Cancelling a payment that waits for its transfer fails its Checkout Session.
  router.post("/v1/payment_intents/:id/cancel", ({ core, params: p, path }) => {
    const pi = getPaymentIntent(core, path.id ?? "");
    if (!CANCELLABLE.includes(pi.status))
      throw invalidRequest(
        `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELLABLE.join(", ")}.`,
        { code: "payment_intent_unexpected_state" },
      );
    const reason = p.enumStr("cancellation_reason", [
      "abandoned",
      "duplicate",
      "fraudulent",
      "requested_by_customer",
    ] as const);
    pi.status = "canceled";
    pi.canceled_at = core.now();
    pi.cancellation_reason = reason ?? null;
    pi.next_action = null;
    core.emit("payment_intent.canceled", pi);
    const session = sessionOf(core, pi.id);
    if (session?.status === "complete" && session.payment_status === "unpaid")
      core.emit("checkout.session.async_payment_failed", session);
    core.changed();
    return pi;
  });
}
