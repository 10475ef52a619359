import "server-only";
import { eq } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { licenses, orderEvents, orders, refunds, stripeCustomers, subscriptions, swaps } from "@/db/schema";

export type TAttachedPurchases = {
  orders: { id: string; orderNumber: string; paidAt: Date }[];
  licenses: number;
  subscriptions: number;
};

/**
 * Moves everything one customer owns (orders, licenses, yearly plans, refunds, swaps, Stripe customer
 * mappings) to another, with an "attached" timeline row per order. Run it in the caller's
 * transaction, after locking the source customer's row (a purchase being recorded under it waits),
 * so the move, its audit row and its mails commit together. Orders keep their purchase e-mail.
 * Used by the customer's own claim of an address and by support approving a lost-address request.
 */
export async function attachPurchases(
  tx: TExecutor,
  input: {
    fromCustomerId: string;
    toCustomerId: string;
    now: Date;
    /** What the timeline rows record: from and to addresses and what authorised the move. */
    event: Record<string, unknown>;
  },
): Promise<TAttachedPurchases> {
  const { fromCustomerId: from, toCustomerId: to, now } = input;
  if (from === to) return { orders: [], licenses: 0, subscriptions: 0 };
  const movedOrders = await tx
    .update(orders)
    .set({ customerId: to })
    .where(eq(orders.customerId, from))
    .returning({ id: orders.id, orderNumber: orders.orderNumber, paidAt: orders.paidAt });
  const movedLicenses = await tx
    .update(licenses)
    .set({ customerId: to })
    .where(eq(licenses.customerId, from))
    .returning({ id: licenses.id });
  const movedPlans = await tx
    .update(subscriptions)
    .set({ customerId: to, updatedAt: now })
    .where(eq(subscriptions.customerId, from))
    .returning({ id: subscriptions.id });
  await tx.update(refunds).set({ customerId: to }).where(eq(refunds.customerId, from));
  await tx.update(swaps).set({ customerId: to }).where(eq(swaps.customerId, from));
  // Renewals and later events for those Stripe customers now land on the new owner too.
  await tx.update(stripeCustomers).set({ customerId: to }).where(eq(stripeCustomers.customerId, from));
  if (movedOrders.length > 0) {
    await tx
      .insert(orderEvents)
      .values(
        movedOrders.map((o) => ({ orderId: o.id, type: "attached" as const, at: now, data: input.event })),
      );
  }
  return { orders: movedOrders, licenses: movedLicenses.length, subscriptions: movedPlans.length };
}

/** The order numbers of what moved, newest first, for the mails. */
export function newestOrderNumbers(moved: TAttachedPurchases["orders"]): string[] {
  return [...moved].sort((a, b) => b.paidAt.getTime() - a.paidAt.getTime()).map((o) => o.orderNumber);
}
