import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { TExecutor, TTx } from "@/db/open";
import { preparedQuery } from "@/db/prepared";
import { awaitingPayments, orders } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { findOrCreateCustomer } from "@/lib/customers/find-or-create-customer";
import { enqueueMail } from "@/lib/email/outbox";
import {
  paymentAwaitedMail,
  paymentFailedMail,
  type TTransferInstructions,
} from "@/lib/email/templates/payment";
import type { TMailSettings } from "@/lib/email/templates/types";
import { awaitedPaymentMethodOf, idOf, isPaidByTransfer, paymentMethodOf } from "@/lib/stripe/stripe-mapping";
import { recordAudit } from "@/lib/audit/record-audit";

type TSessionFacts = { session: Stripe.Checkout.Session; charge: Stripe.Charge | null };

function describe(session: Stripe.Checkout.Session): string {
  const names = (session.line_items?.data ?? []).map((li) =>
    (li.quantity ?? 1) > 1 ? `${li.quantity} × ${li.description ?? ""}` : (li.description ?? ""),
  );
  return names.filter(Boolean).join(", ");
}

async function customerOf(tx: TTx, session: Stripe.Checkout.Session) {
  const email = session.customer_details?.email ?? session.customer_email;
  if (!email) throw new Error(`checkout session ${session.id} has no e-mail`);
  return findOrCreateCustomer(tx, {
    email,
    name: session.customer_details?.name ?? null,
    locale: session.metadata?.locale ?? session.locale ?? null,
    country: session.customer_details?.address?.country ?? session.metadata?.country ?? null,
    stripeCustomerId: idOf(session.customer),
  });
}

/**
 * A checkout paid by a delayed method: shown to the customer as awaiting payment, with a mail
 * saying what happens next. Nothing is recorded when the session was already settled either
 * way (its later events arrived first).
 */
export async function recordAwaitingPayment(
  tx: TTx,
  facts: TSessionFacts,
  mail: TMailSettings,
): Promise<void> {
  const { session, charge } = facts;
  if (session.metadata?.swap_id) return; // the swap stays waiting for its payment
  const [delivered] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.stripeCheckoutSessionId, session.id));
  if (delivered) return;
  const customer = await customerOf(tx, session);
  const description = describe(session);
  const paymentMethod = awaitedPaymentMethodOf(session, charge);
  const inserted = await tx
    .insert(awaitingPayments)
    .values({
      stripeCheckoutSessionId: session.id,
      customerId: customer.id,
      purchaseEmail: customer.email,
      currency: session.currency ?? "eur",
      total: session.amount_total ?? 0,
      paymentMethod,
      description,
    })
    .onConflictDoNothing({ target: awaitingPayments.stripeCheckoutSessionId })
    .returning({ id: awaitingPayments.id });
  if (inserted.length === 0) return;
  await enqueueMail(tx, {
    to: customer.email,
    locale: customer.locale,
    template: "payment-awaited",
    dedupeKey: `payment-awaited:${session.id}`,
    content: paymentAwaitedMail(
      customer.locale,
      {
        description,
        currency: session.currency ?? "eur",
        total: session.amount_total ?? 0,
        transfer: transferOf(paymentMethod),
      },
      mail,
    ),
  });
}

/** A bank transfer's instructions, as recorded from its payment intent. */
export function transferOf(pm: Record<string, string> | null): TTransferInstructions | null {
  if (pm?.type !== "customer_balance" || !pm.iban) return null;
  return { iban: pm.iban, bic: pm.bic ?? "", holder: pm.holder ?? "", reference: pm.reference ?? "" };
}

/**
 * The delayed payment failed: the order is cancelled (no order, no key, no invoice) and the
 * customer is told once. An order already delivered for the session is left alone.
 */
export async function failAwaitingPayment(
  tx: TTx,
  facts: TSessionFacts,
  mail: TMailSettings,
  failedAt: Date,
): Promise<void> {
  const { session, charge } = facts;
  const [delivered] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(eq(orders.stripeCheckoutSessionId, session.id));
  if (delivered) return;
  const customer = await customerOf(tx, session);
  const description = describe(session);
  const [row] = await tx
    .insert(awaitingPayments)
    .values({
      stripeCheckoutSessionId: session.id,
      customerId: customer.id,
      purchaseEmail: customer.email,
      status: "failed",
      currency: session.currency ?? "eur",
      total: session.amount_total ?? 0,
      paymentMethod: paymentMethodOf(charge),
      description,
      settledAt: failedAt,
    })
    .onConflictDoUpdate({
      target: awaitingPayments.stripeCheckoutSessionId,
      set: { status: "failed", settledAt: failedAt },
      setWhere: eq(awaitingPayments.status, "awaiting"),
    })
    .returning({ id: awaitingPayments.id });
  if (!row) return; // already failed (or paid): told once
  await recordAudit(tx, {
    actorType: "stripe",
    action: "checkout.payment_failed",
    subjectType: "awaiting_payment",
    subjectId: row.id,
    data: { stripeCheckoutSessionId: session.id, failureCode: charge?.failure_code ?? null },
  });
  const locale: TLocale = customer.locale;
  await enqueueMail(tx, {
    to: customer.email,
    locale,
    template: "payment-failed",
    dedupeKey: `payment-failed:${session.id}`,
    content: paymentFailedMail(
      locale,
      {
        description,
        currency: session.currency ?? "eur",
        total: session.amount_total ?? 0,
        byTransfer: isPaidByTransfer(session),
      },
      mail,
    ),
  });
}

const awaitingListQuery = preparedQuery((db) =>
  db
    .select({
      id: awaitingPayments.id,
      status: awaitingPayments.status,
      currency: awaitingPayments.currency,
      total: awaitingPayments.total,
      description: awaitingPayments.description,
      paymentMethod: awaitingPayments.paymentMethod,
      createdAt: awaitingPayments.createdAt,
      settledAt: awaitingPayments.settledAt,
    })
    .from(awaitingPayments)
    .where(eq(awaitingPayments.customerId, sql.placeholder("customerId")))
    .orderBy(desc(awaitingPayments.createdAt))
    .prepare("awaiting_payments_list"),
);

/** The customer's checkouts still waiting for their money, or failed recently, newest first. */
export async function listAwaitingPayments(db: TExecutor, customerId: string) {
  return awaitingListQuery(db).execute({ customerId });
}
