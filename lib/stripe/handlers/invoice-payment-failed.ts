import "server-only";
import { eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { customers, products, subscriptions } from "@/db/schema";
import { enqueueMail } from "@/lib/email/outbox";
import { renewalFailedMail } from "@/lib/email/templates/renewal-failed";
import { isPortalSubscription } from "../ownership";
import { subscriptionIdOfInvoice, subscriptionStatusOf } from "../stripe-mapping";
import { RetryLaterError, type TWebhookHandler } from "../webhook-types";
import { recordAudit } from "@/lib/audit/record-audit";

type TLoaded = { invoice: Stripe.Invoice; subscription: Stripe.Subscription } | null;

/**
 * `invoice.payment_failed` for a plan's renewal: the plan reads "payment failed" with the date of
 * Stripe's next try, its license keeps working meanwhile, and the customer gets one mail per
 * invoice with the way to update the card. Re-read from Stripe: a retry that has paid the invoice
 * since (events come in any order) leaves nothing to say.
 */
export const invoicePaymentFailed: TWebhookHandler<TLoaded> = {
  async load(event, { stripe }) {
    const sent = event.data.object as Stripe.Invoice;
    const subscriptionId = subscriptionIdOfInvoice(sent);
    // The first invoice of a plan is paid in Checkout (a decline there never makes a plan).
    if (!subscriptionId || sent.billing_reason === "subscription_create") return null;
    const invoice = await stripe.invoices.retrieve(sent.id!);
    const subscription = await stripe.subscriptions.retrieve(subscriptionId);
    return { invoice, subscription };
  },

  async apply(tx, event, loaded, ctx) {
    if (!loaded) return;
    const { invoice, subscription } = loaded;
    const [row] = await tx
      .select({
        id: subscriptions.id,
        customerId: subscriptions.customerId,
        productId: subscriptions.productId,
      })
      .from(subscriptions)
      .where(eq(subscriptions.stripeSubscriptionId, subscription.id))
      .for("update");
    if (!row)
      throw new RetryLaterError(`failed renewal of ${subscription.id} before its checkout was recorded`);
    if (invoice.status !== "open") return; // paid (or voided) since: nothing failed any more
    const nextAttempt = invoice.next_payment_attempt ? new Date(invoice.next_payment_attempt * 1000) : null;
    await tx
      .update(subscriptions)
      .set({
        status: subscriptionStatusOf(subscription),
        paymentFailedAt: sql`coalesce(${subscriptions.paymentFailedAt}, ${new Date(event.created * 1000).toISOString()}::timestamptz)`,
        nextPaymentAttemptAt: nextAttempt,
        updatedAt: new Date(),
      })
      .where(eq(subscriptions.id, row.id));
    await recordAudit(tx, {
      actorType: "stripe",
      actorId: event.id,
      action: "subscription.payment_failed",
      subjectType: "subscription",
      subjectId: row.id,
      data: {
        stripeInvoiceId: invoice.id,
        attemptCount: invoice.attempt_count,
        nextPaymentAttempt: nextAttempt?.toISOString() ?? null,
      },
    });
    const [customer] = await tx
      .select({ email: customers.email, locale: customers.locale })
      .from(customers)
      .where(eq(customers.id, row.customerId));
    const [product] = await tx
      .select({ name: products.name, localizedNames: products.localizedNames })
      .from(products)
      .where(eq(products.id, row.productId));
    const locale = customer!.locale as "en" | "fr" | "it";
    await enqueueMail(tx, {
      to: customer!.email,
      locale,
      template: "renewal-failed",
      dedupeKey: `renewal-failed:${invoice.id}`,
      content: renewalFailedMail(
        locale,
        {
          productName: product?.localizedNames[locale] ?? product?.name ?? "",
          currency: invoice.currency,
          total: invoice.amount_due,
          subscriptionId: row.id,
          nextAttempt,
        },
        ctx.mail,
      ),
    });
  },

  async owned(_event, loaded, { stripe }) {
    return !loaded || (await isPortalSubscription(stripe, loaded.subscription.id));
  },
};
