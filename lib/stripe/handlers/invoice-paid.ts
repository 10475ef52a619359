import "server-only";
import { tsParam } from "@/db/sql";
import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { customers, licenses, orderEvents, orderItems, orders, products, subscriptions } from "@/db/schema";
import { enqueueMail } from "@/lib/email/outbox";
import { renewalMail } from "@/lib/email/templates/renewal";
import { cardPaid } from "@/lib/billing/plan-change";
import { recordPayment } from "@/lib/billing/record-payment";
import { insertOrder } from "@/lib/orders/insert-order";
import {
  idOf,
  paymentIntentIdOfInvoice,
  paymentMethodOf,
  periodOf,
  subscriptionIdOfInvoice,
  subscriptionStatusOf,
} from "../stripe-mapping";
import { isPortalSubscription } from "../ownership";
import { RetryLaterError, type TWebhookHandler } from "../webhook-types";
import { planChangePaid, type TPlanChangeLoaded } from "./plan-change-paid";
import { recordAudit } from "@/lib/audit/record-audit";

type TLoaded = {
  invoice: Stripe.Invoice;
  subscription: Stripe.Subscription;
  charge: Stripe.Charge | null;
} | null;

/**
 * `invoice.paid` for a renewal (`subscription_cycle`): a renewal order, the
 * license's expiry moved to the new period's end, and a renewal mail. The
 * first invoice of a plan is the checkout's order and is left to it.
 */
const renewalPaid: TWebhookHandler<TLoaded> = {
  async load(event, { stripe }) {
    const sent = event.data.object as Stripe.Invoice;
    if (sent.billing_reason !== "subscription_cycle") return null;
    const invoice = await stripe.invoices.retrieve(sent.id!, { expand: ["payments"] });
    const subscriptionId = subscriptionIdOfInvoice(invoice);
    if (!subscriptionId) return null;
    const subscription = await stripe.subscriptions.retrieve(subscriptionId);
    const piId = paymentIntentIdOfInvoice(invoice);
    let charge: Stripe.Charge | null = null;
    if (piId) {
      const intent = await stripe.paymentIntents.retrieve(piId, { expand: ["latest_charge"] });
      if (intent.latest_charge && typeof intent.latest_charge !== "string") charge = intent.latest_charge;
    }
    return { invoice, subscription, charge };
  },

  async apply(tx, event, loaded, ctx) {
    if (!loaded) return;
    const { invoice, subscription, charge } = loaded;
    const [existing] = await tx
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.stripeInvoiceId, invoice.id!));
    if (existing) return;
    const [sub] = await tx
      .select({
        id: subscriptions.id,
        customerId: subscriptions.customerId,
        productId: subscriptions.productId,
        priceId: subscriptions.priceId,
        licenseId: subscriptions.licenseId,
      })
      .from(subscriptions)
      .where(eq(subscriptions.stripeSubscriptionId, subscription.id))
      .for("update");
    if (!sub) throw new RetryLaterError(`renewal of ${subscription.id} before its checkout was recorded`);

    const [customer] = await tx
      .select({ email: customers.email, locale: customers.locale })
      .from(customers)
      .where(eq(customers.id, sub.customerId));
    const [product] = await tx
      .select({ name: products.name, localizedNames: products.localizedNames })
      .from(products)
      .where(eq(products.id, sub.productId));
    const period = periodOf(subscription);
    const tax = (invoice.total_taxes ?? []).reduce((n, t) => n + t.amount, 0);
    const paidAt = new Date((invoice.status_transitions?.paid_at ?? event.created) * 1000);
    // What the renewal costs (the order's lines); the card pays it less any credit on the customer's balance.
    const total = invoice.total;
    const subtotal = total - tax;
    const paid = cardPaid({ total, amountPaid: invoice.amount_paid, tax });

    const order = await insertOrder(tx, {
      customerId: sub.customerId,
      purchaseEmail: customer!.email,
      kind: "renewal",
      currency: invoice.currency,
      subtotal,
      tax,
      total,
      taxRateBps: subtotal > 0 ? Math.round((tax * 10_000) / subtotal) : 0,
      paymentMethod: paymentMethodOf(charge),
      locale: customer!.locale,
      stripeInvoiceId: invoice.id!,
      stripePaymentIntentId: charge ? idOf(charge.payment_intent) : paymentIntentIdOfInvoice(invoice),
      stripeChargeId: charge?.id ?? null,
      stripeCustomerId: idOf(invoice.customer),
      paidAt,
    });
    // The line first: the payment's invoice, issued in recordPayment, is made of the order's lines.
    await tx.insert(orderItems).values({
      orderId: order.id,
      productId: sub.productId,
      priceId: sub.priceId,
      quantity: 1,
      currency: invoice.currency,
      unitAmount: subtotal,
      subtotal,
      tax,
      total,
      purchasedAt: paidAt,
    });
    // A renewal paid entirely from a plan change's credit moved no money: nothing joins the ledger.
    const payment = paid
      ? await recordPayment(
          tx,
          {
            orderId: order.id,
            kind: "renewal",
            currency: invoice.currency,
            amount: paid.amount,
            tax: paid.tax,
            stripeSubscriptionId: subscription.id,
            stripePaymentIntentId: charge ? idOf(charge.payment_intent) : paymentIntentIdOfInvoice(invoice),
            stripeChargeId: charge?.id ?? null,
            stripeInvoiceId: invoice.id!,
            paidAt,
          },
          ctx.mail,
        )
      : null;
    if (sub.licenseId) {
      await tx
        .update(licenses)
        .set({
          expiresAt: sql`greatest(coalesce(${licenses.expiresAt}, ${tsParam(period.end)}), ${tsParam(period.end)})`,
          status: "active",
        })
        .where(and(eq(licenses.id, sub.licenseId), sql`${licenses.status} <> 'revoked'`));
    }
    await tx
      .update(subscriptions)
      .set({
        status: subscriptionStatusOf(subscription),
        currentPeriodStart: period.start,
        currentPeriodEnd: period.end,
        paymentFailedAt: null,
        nextPaymentAttemptAt: null,
        updatedAt: new Date(),
      })
      .where(eq(subscriptions.id, sub.id));
    await tx.insert(orderEvents).values({
      orderId: order.id,
      type: "renewed",
      at: paidAt,
      data: { periodEnd: period.end.toISOString() },
    });
    await recordAudit(tx, {
      actorType: "stripe",
      actorId: event.id,
      action: "subscription.renewed",
      subjectType: "order",
      subjectId: order.id,
      data: { stripeInvoiceId: invoice.id, total },
    });
    const locale = customer!.locale as "en" | "fr" | "it";
    await enqueueMail(tx, {
      to: customer!.email,
      locale,
      template: "renewal",
      dedupeKey: `renewal:${invoice.id}`,
      attachments: payment?.invoice ? [{ documentId: payment.invoice.id }] : [],
      content: renewalMail(
        locale,
        {
          orderNumber: order.orderNumber,
          productName: product?.localizedNames[locale] ?? product?.name ?? "",
          currency: invoice.currency,
          total,
          periodEnd: period.end,
          invoice: payment?.invoice ?? null,
        },
        ctx.mail,
      ),
    });
  },

  async owned(_event, loaded, { stripe }) {
    return !loaded || (await isPortalSubscription(stripe, loaded.subscription.id));
  },
};

type TInvoiceLoaded = { renewal: TLoaded } | { planChange: TPlanChangeLoaded };

/** `invoice.paid`: a plan's renewal, or a plan's change (prorated payment or credit); others are left alone. */
export const invoicePaid: TWebhookHandler<TInvoiceLoaded> = {
  async load(event, ctx) {
    const reason = (event.data.object as Stripe.Invoice).billing_reason;
    return reason === "subscription_update"
      ? { planChange: await planChangePaid.load!(event, ctx) }
      : { renewal: await renewalPaid.load!(event, ctx) };
  },
  apply: (tx, event, loaded, ctx) =>
    "planChange" in loaded
      ? planChangePaid.apply(tx, event, loaded.planChange, ctx)
      : renewalPaid.apply(tx, event, loaded.renewal, ctx),
  owned: (event, loaded, ctx) =>
    "planChange" in loaded
      ? planChangePaid.owned!(event, loaded.planChange, ctx)
      : renewalPaid.owned!(event, loaded.renewal, ctx),
};
