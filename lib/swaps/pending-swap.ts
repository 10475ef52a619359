import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { TDb, TExecutor } from "@/db/open";
import { preparedQuery } from "@/db/prepared";
import { orderItems, orders, products, swaps } from "@/db/schema";
import { productName } from "@/lib/orders/queries";
import { isTransientStripeError } from "@/lib/refunds/submit-refund";
import { endSwap } from "./complete-swap";
import { logger } from "@/lib/log/logger";
import { recordAudit } from "@/lib/audit/record-audit";

export type TPendingSwap = {
  id: string;
  fromName: string;
  toName: string;
  difference: number;
  currency: string;
  createdAt: Date;
};

const pendingSwapsQuery = preparedQuery((db) =>
  db
    .select({
      id: swaps.id,
      fromProductId: swaps.fromProductId,
      toProductId: swaps.toProductId,
      difference: swaps.difference,
      currency: swaps.currency,
      createdAt: swaps.createdAt,
    })
    .from(swaps)
    .innerJoin(orderItems, eq(orderItems.id, swaps.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(
      and(
        eq(orders.id, sql.placeholder("orderId")),
        eq(orders.customerId, sql.placeholder("customerId")),
        eq(swaps.customerId, sql.placeholder("customerId")),
        eq(swaps.status, "pending_payment"),
      ),
    )
    .orderBy(asc(swaps.createdAt))
    .prepare("pending_swaps"),
);

/** The swaps of this order still waiting for the customer's payment (a declined card, a closed tab). */
export async function pendingSwaps(
  db: TExecutor,
  customerId: string,
  orderId: string,
  locale: string,
): Promise<TPendingSwap[]> {
  const rows = await pendingSwapsQuery(db).execute({ customerId, orderId });
  if (rows.length === 0) return [];
  const names = await db
    .select({ id: products.id, name: products.name, localizedNames: products.localizedNames })
    .from(products)
    .where(inArray(products.id, [...new Set(rows.flatMap((r) => [r.fromProductId, r.toProductId]))]));
  const nameOf = (id: string) => {
    const p = names.find((n) => n.id === id);
    return p ? productName(p, locale) : "";
  };
  return rows.map(({ fromProductId, toProductId, ...r }) => ({
    ...r,
    fromName: nameOf(fromProductId),
    toName: nameOf(toProductId),
  }));
}

async function ownPendingSwap(db: TExecutor, customerId: string, swapId: string, orderNumber: string) {
  const [row] = await db
    .select({
      id: swaps.id,
      status: swaps.status,
      sessionId: swaps.stripeCheckoutSessionId,
      orderId: orders.id,
    })
    .from(swaps)
    .innerJoin(orderItems, eq(orderItems.id, swaps.orderItemId))
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(
      and(
        eq(swaps.id, swapId),
        eq(swaps.customerId, customerId),
        eq(orders.customerId, customerId),
        eq(orders.orderNumber, orderNumber),
      ),
    );
  return row ?? null;
}

export type TPendingSwapResult =
  | { ok: true; checkoutUrl: string | null }
  | { ok: false; code: "NOT_FOUND" | "SWAP_ENDED" | "ALREADY_PAID" | "PAYMENT_UNAVAILABLE" };

/**
 * "Pay now": back to the swap's own Checkout Session (created once, under the key
 * `swap-checkout:<swap id>`, so nothing is ever charged twice) while it is open. A session that
 * has expired ends the swap here too, should its webhook not have arrived yet: the item is free.
 */
export async function payPendingSwap(
  db: TDb,
  customerId: string,
  input: { swapId: string; orderNumber: string },
  deps: { stripe: Stripe },
): Promise<TPendingSwapResult> {
  const swap = await ownPendingSwap(db, customerId, input.swapId, input.orderNumber);
  if (!swap) return { ok: false, code: "NOT_FOUND" };
  if (swap.status !== "pending_payment")
    return swap.status === "completed" || swap.status === "processing"
      ? { ok: true, checkoutUrl: null }
      : { ok: false, code: "SWAP_ENDED" };
  if (!swap.sessionId) return { ok: false, code: "PAYMENT_UNAVAILABLE" };
  let session: Stripe.Checkout.Session;
  try {
    session = await deps.stripe.checkout.sessions.retrieve(swap.sessionId);
  } catch (error) {
    logger().error({ err: error }, "checkout retrieve failed");
    return { ok: false, code: "PAYMENT_UNAVAILABLE" };
  }
  if (session.status === "open" && session.url) return { ok: true, checkoutUrl: session.url };
  if (session.status === "complete") return { ok: true, checkoutUrl: null };
  await db.transaction(async (tx) => {
    await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, swap.orderId)).for("no key update");
    await endSwap(tx, swap.id, "expired", "checkout_expired");
  });
  return { ok: false, code: "SWAP_ENDED" };
}

/**
 * "Cancel this swap": the swap's Checkout Session is expired in Stripe first (so it can no longer
 * be paid), then the swap ends as expired and the item is free for another swap; the original
 * license never changed. Paid meanwhile: ALREADY_PAID (the payment's webhook completes it).
 * Cancelling again is a success.
 */
export async function cancelPendingSwap(
  db: TDb,
  customerId: string,
  input: { swapId: string; orderNumber: string },
  deps: { stripe: Stripe },
): Promise<TPendingSwapResult> {
  const swap = await ownPendingSwap(db, customerId, input.swapId, input.orderNumber);
  if (!swap) return { ok: false, code: "NOT_FOUND" };
  if (swap.status === "failed" || swap.status === "expired") return { ok: true, checkoutUrl: null };
  if (swap.status !== "pending_payment") return { ok: false, code: "ALREADY_PAID" };
  if (swap.sessionId) {
    try {
      await deps.stripe.checkout.sessions.expire(
        swap.sessionId,
        {},
        { idempotencyKey: `swap-expire:${swap.id}` },
      );
    } catch (error) {
      // Not open any more: paid (the webhook completes the swap) or already expired (cancel goes on).
      const session = await deps.stripe.checkout.sessions.retrieve(swap.sessionId).catch(() => null);
      if (!session || (isTransientStripeError(error) && session.status === "open")) {
        logger().error({ err: error }, "checkout expire failed");
        return { ok: false, code: "PAYMENT_UNAVAILABLE" };
      }
      if (session.status === "complete") return { ok: false, code: "ALREADY_PAID" };
      if (session.status === "open") return { ok: false, code: "PAYMENT_UNAVAILABLE" };
    }
  }
  await db.transaction(async (tx) => {
    // The order row first, as everywhere: the expired session's webhook may be ending it right now.
    await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, swap.orderId)).for("no key update");
    if (await endSwap(tx, swap.id, "expired", "cancelled_by_customer"))
      await recordAudit(tx, {
        actorType: "customer",
        actorId: customerId,
        action: "swap.cancelled",
        subjectType: "swap",
        subjectId: swap.id,
        data: { stripeCheckoutSessionId: swap.sessionId },
      });
  });
  return { ok: true, checkoutUrl: null };
}
