import "server-only";
import { eq } from "drizzle-orm";
import type { TTx } from "@/db/open";
import { orders } from "@/db/schema";
import { generateOrderNumber } from "./order-number";

/**
 * Inserts an order under a fresh readable number. Any unique conflict leaves
 * the transaction intact (ON CONFLICT DO NOTHING): an order already recorded
 * for the same Stripe object is returned as is; a colliding number draws again.
 */
export async function insertOrder(
  tx: TTx,
  values: Omit<typeof orders.$inferInsert, "orderNumber" | "id">,
): Promise<{ id: string; orderNumber: string; isNew: boolean }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const orderNumber = generateOrderNumber(values.paidAt);
    const [row] = await tx
      .insert(orders)
      .values({ ...values, orderNumber })
      .onConflictDoNothing()
      .returning({ id: orders.id, orderNumber: orders.orderNumber });
    if (row) return { ...row, isNew: true };
    const existing = await findOrderByStripeObject(tx, values);
    if (existing) return { ...existing, isNew: false };
  }
  throw new Error("could not draw a free order number in 5 attempts");
}

async function findOrderByStripeObject(tx: TTx, v: Omit<typeof orders.$inferInsert, "orderNumber" | "id">) {
  const by = v.stripeCheckoutSessionId
    ? eq(orders.stripeCheckoutSessionId, v.stripeCheckoutSessionId)
    : v.stripeInvoiceId
      ? eq(orders.stripeInvoiceId, v.stripeInvoiceId)
      : v.stripePaymentIntentId
        ? eq(orders.stripePaymentIntentId, v.stripePaymentIntentId)
        : undefined;
  if (!by) return undefined;
  const [row] = await tx.select({ id: orders.id, orderNumber: orders.orderNumber }).from(orders).where(by);
  return row;
}

/** Postgres unique violation (23505) on the named constraint, from either driver. */
export function isUniqueViolationOn(error: unknown, constraint: string): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const x = e as { code?: string; constraint_name?: string; constraint?: string; message?: string };
    if (
      x.code === "23505" &&
      `${x.constraint_name ?? ""} ${x.constraint ?? ""} ${x.message ?? ""}`.includes(constraint)
    )
      return true;
  }
  return false;
}
