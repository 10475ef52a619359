import "server-only";
import { randomUUID } from "node:crypto";
import type { TTx } from "@/db/open";
import { eq } from "drizzle-orm";
import { awaitingPayments, licenses, orderEvents, orderItems, subscriptions } from "@/db/schema";
import {
  resolveCatalogIds,
  type TStripePriceInput,
  type TStripeProductInput,
} from "@/lib/catalog/upsert-from-stripe";
import { recordPayment } from "@/lib/billing/record-payment";
import { findOrCreateCustomer } from "@/lib/customers/find-or-create-customer";
import { enqueueMail, rewriteMail } from "@/lib/email/outbox";
import { deliveryMail } from "@/lib/email/templates/delivery";
import type { TMailSettings } from "@/lib/email/templates/types";
import { generateLicenseKey } from "@/lib/licenses/license-key";
import { insertOrder } from "./insert-order";
import { allowedUrl } from "@/lib/http/safe-url";
import { recordAudit } from "@/lib/audit/record-audit";

export type TPurchaseItem = {
  stripeLineItemId: string;
  product: TStripeProductInput;
  price: TStripePriceInput;
  quantity: number;
  subtotal: number;
  tax: number;
  total: number;
};

export type TPurchase = {
  email: string;
  name: string | null;
  country: string | null;
  locale: string | null;
  stripeCustomerId: string | null;
  checkoutSessionId: string;
  paymentIntentId: string | null;
  chargeId: string | null;
  invoiceId: string | null;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  paidAt: Date;
  paymentMethod: Record<string, string> | null;
  items: TPurchaseItem[];
  subscription: {
    id: string;
    status: (typeof subscriptions.$inferInsert)["status"];
    currentPeriodStart: Date;
    currentPeriodEnd: Date;
    cancelAtPeriodEnd: boolean;
    eventCreated: number;
  } | null;
};

/**
 * A paid checkout becomes an order: the customer, the order with a readable
 * number, its items, one license per unit, the yearly plan if any, the
 * timeline, the audit row, the settled awaiting payment of a delayed method, the payment with
 * its invoice and the delivery mail, all in the caller's transaction.
 */
export async function recordPurchase(
  tx: TTx,
  p: TPurchase,
  mail: TMailSettings,
): Promise<{ orderId: string; orderNumber: string }> {
  const customer = await findOrCreateCustomer(tx, {
    email: p.email,
    name: p.name,
    locale: p.locale,
    country: p.country,
    stripeCustomerId: p.stripeCustomerId,
  });
  const order = await insertOrder(tx, {
    customerId: customer.id,
    purchaseEmail: customer.email,
    kind: "purchase",
    currency: p.currency,
    subtotal: p.subtotal,
    tax: p.tax,
    total: p.total,
    taxRateBps: p.subtotal > 0 ? Math.round((p.tax * 10_000) / p.subtotal) : 0,
    paymentMethod: p.paymentMethod,
    country: p.country,
    locale: customer.locale,
    stripeCheckoutSessionId: p.checkoutSessionId,
    stripePaymentIntentId: p.paymentIntentId,
    stripeChargeId: p.chargeId,
    stripeInvoiceId: p.invoiceId,
    stripeCustomerId: p.stripeCustomerId,
    paidAt: p.paidAt,
  });
  // Another event for the same session (or a replay that slipped past the inbox) changes nothing.
  if (!order.isNew) return { orderId: order.id, orderNumber: order.orderNumber };

  const delivered: { productName: string; quantity: number; keys: string[]; downloadUrl: string | null }[] =
    [];
  for (const item of p.items) {
    const isRecurring = item.price.interval !== null;
    const { productId, priceId } = await resolveCatalogIds(tx, item.product, item.price);
    // The item's id is drawn here, so that its licenses go in the same round trip (pipelined on
    // the transaction's connection, run in the order sent).
    const orderItemId = randomUUID();
    const expiresAt = isRecurring && p.subscription ? p.subscription.currentPeriodEnd : null;
    const keys = Array.from({ length: item.quantity }, generateLicenseKey);
    const itemInsert = tx.insert(orderItems).values({
      id: orderItemId,
      orderId: order.id,
      productId,
      priceId,
      quantity: item.quantity,
      currency: p.currency,
      unitAmount: item.price.unitAmount,
      subtotal: item.subtotal,
      tax: item.tax,
      total: item.total,
      purchasedAt: p.paidAt,
      stripeLineItemId: item.stripeLineItemId,
    });
    const licenseInsert = tx
      .insert(licenses)
      .values(keys.map((key) => ({ key, customerId: customer.id, orderItemId, productId, expiresAt })))
      .returning({ id: licenses.id });
    const [, inserted] = await Promise.all([itemInsert, licenseInsert]);
    if (isRecurring && p.subscription) {
      await tx
        .insert(subscriptions)
        .values({
          stripeSubscriptionId: p.subscription.id,
          customerId: customer.id,
          productId,
          priceId,
          orderItemId,
          licenseId: inserted[0]!.id,
          status: p.subscription.status,
          cancelAtPeriodEnd: p.subscription.cancelAtPeriodEnd,
          currentPeriodStart: p.subscription.currentPeriodStart,
          currentPeriodEnd: p.subscription.currentPeriodEnd,
          stripeEventCreated: p.subscription.eventCreated,
        })
        .onConflictDoNothing({ target: subscriptions.stripeSubscriptionId });
    }
    delivered.push({
      productName: item.product.metadata[`name_${customer.locale}`] || item.product.name,
      quantity: item.quantity,
      keys,
      downloadUrl: allowedUrl(item.product.metadata.download_url),
    });
  }

  // The delivery mail names the order's invoice, whose number is drawn last: the number locks the
  // sequence's row until this transaction ends, and every other purchase waits for that row. So
  // the mail is queued first, naming the invoice's number by a placeholder, and the invoice's own
  // statement puts the number in: under the lock, that statement and the commit, nothing else.
  const invoiceId = randomUUID();
  const placeholder = randomUUID();
  const dedupeKey = `delivery:${order.id}`;
  const delivery = (invoice: { id: string; number: string } | null) => ({
    // The seeds promise the invoice with the license: the PDF rides along (rendered when sent).
    attachments: invoice ? [{ documentId: invoice.id }] : [],
    content: deliveryMail(
      customer.locale,
      { orderNumber: order.orderNumber, currency: p.currency, total: p.total, items: delivered, invoice },
      mail,
    ),
  });

  // Four writes that depend on nothing but the order: one round trip (pipelined).
  await Promise.all([
    tx.insert(orderEvents).values({
      orderId: order.id,
      type: "paid",
      at: p.paidAt,
      data: { total: p.total, currency: p.currency },
    }),
    recordAudit(tx, {
      actorType: "stripe",
      actorId: p.checkoutSessionId,
      action: "order.created",
      subjectType: "order",
      subjectId: order.id,
      data: {
        orderNumber: order.orderNumber,
        total: p.total,
        currency: p.currency,
        licenses: delivered.reduce((n, d) => n + d.keys.length, 0),
      },
    }),
    // A delayed payment (SEPA) recorded as awaiting for this session is settled by this order.
    tx
      .update(awaitingPayments)
      .set({ status: "paid", orderId: order.id, settledAt: p.paidAt })
      .where(eq(awaitingPayments.stripeCheckoutSessionId, p.checkoutSessionId)),
    enqueueMail(tx, {
      to: customer.email,
      locale: customer.locale,
      template: "delivery",
      dedupeKey,
      ...delivery({ id: invoiceId, number: placeholder }),
    }),
  ]);
  const payment = await recordPayment(
    tx,
    {
      orderId: order.id,
      kind: "purchase",
      currency: p.currency,
      amount: p.total,
      tax: p.tax,
      stripeSubscriptionId: p.subscription?.id ?? null,
      stripeCheckoutSessionId: p.checkoutSessionId,
      stripePaymentIntentId: p.paymentIntentId,
      stripeChargeId: p.chargeId,
      stripeInvoiceId: p.invoiceId,
      paidAt: p.paidAt,
    },
    mail,
    { id: invoiceId, numberInMail: { dedupeKey, placeholder } },
  );
  // No new invoice (the payment was already recorded): the mail is written again without one.
  if (payment.invoice?.id !== invoiceId) await rewriteMail(tx, dedupeKey, delivery(payment.invoice));
  return { orderId: order.id, orderNumber: order.orderNumber };
}
