import "server-only";
import type Stripe from "stripe";
import type { TExecutor } from "@/db/open";
import { planOfItem } from "./queries";
import { logger } from "@/lib/log/logger";

/** What Stripe will book for a yearly plan's change, prorated from `prorationDate`. */
export type TPlanQuote = {
  /** Signed, tax included: positive is charged to the card, negative credited to the balance. */
  total: number;
  tax: number;
  /** What the card pays now (after any credit the customer already has). */
  amountDue: number;
  currency: string;
};

/**
 * Stripe's preview of the invoice the change of this item's plan to each
 * target price would create (`invoices.createPreview`, `always_invoice`, the
 * given `proration_date`: the swap prorates from the same moment, so the
 * amount shown is the amount charged). By target price; a target Stripe
 * cannot preview (an outage) is missing, and the page falls back to words.
 */
export async function planSwapQuotes(
  db: TExecutor,
  stripe: Stripe,
  customerId: string,
  orderItemId: string,
  stripePriceIds: readonly string[],
  prorationDate: number,
): Promise<Map<string, TPlanQuote>> {
  const quotes = new Map<string, TPlanQuote>();
  const plan = await planOfItem(db, customerId, orderItemId);
  if (!plan || plan.status === "canceled" || stripePriceIds.length === 0) return quotes;
  try {
    const sub = await stripe.subscriptions.retrieve(plan.stripeSubscriptionId);
    const item = sub.items.data[0];
    if (!item) return quotes;
    const previews = await Promise.all(
      stripePriceIds.map((price) =>
        stripe.invoices.createPreview({
          subscription: sub.id,
          subscription_details: {
            items: [{ id: item.id, price }],
            proration_behavior: "always_invoice",
            proration_date: prorationDate,
          },
        }),
      ),
    );
    previews.forEach((invoice, n) =>
      quotes.set(stripePriceIds[n]!, {
        total: invoice.total,
        tax: (invoice.total_taxes ?? []).reduce((s, t) => s + t.amount, 0),
        amountDue: invoice.amount_due,
        currency: invoice.currency,
      }),
    );
  } catch (error) {
    logger().error({ err: error }, "plan swap preview failed");
  }
  return quotes;
}
