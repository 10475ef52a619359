import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { TDb } from "@/db/open";
import { orders, refunds, swaps } from "@/db/schema";
import type { TMailSettings } from "@/lib/email/templates/types";
import { syncCatalog } from "@/lib/catalog/sync-catalog";
import { crashPoint } from "@/lib/crash-point";
import { enqueueJob } from "@/lib/jobs/enqueue-job";
import { isUniqueViolationOn } from "@/lib/orders/insert-order";
import { completeSwap } from "./complete-swap";
import { getSwapContext, planOfItem, type TSwapCatalogEntry } from "./queries";
import { submitSwap } from "./submit-swap";
import { planProrationDate, planSwap, swapDirection, type TSwapError } from "./swap-policy";
import { logger } from "@/lib/log/logger";
import { recordAudit } from "@/lib/audit/record-audit";

export type TStartSwapError = TSwapError | "NOT_FOUND" | "PAYMENT_UNAVAILABLE" | "QUOTE_EXPIRED";
export type TStartSwapResult =
  | { ok: true; swapId: string; status: (typeof swaps.$inferSelect)["status"]; checkoutUrl: string | null }
  | { ok: false; code: TStartSwapError };

/**
 * Starts the swap of one item of the customer's order for another product.
 * The client names the order, the item and the target product only: the
 * price and every amount are the server's. Under a lock on the order the rules
 * are checked and the swap row written (one live or completed swap per item,
 * by a partial unique index, so concurrent starts give one swap); then the
 * money side: equal → completed at once; cheaper → the difference refunded;
 * dearer → a Checkout Session for it; a yearly plan → its Stripe price changed.
 */
export async function startSwap(
  db: TDb,
  customerId: string,
  input: {
    orderNumber: string;
    itemId: string;
    targetProductId: string;
    locale: string;
    /** A yearly plan: the moment its prorated amount was shown (Unix seconds). */
    prorationDate?: number;
    now?: Date;
  },
  deps: { stripe: Stripe; mail: TMailSettings },
): Promise<TStartSwapResult> {
  const now = input.now ?? new Date();
  const swapId = randomUUID();
  // Editions nobody has bought yet are offered too; a Stripe outage leaves the catalog as it was.
  await syncCatalog(db, deps.stripe).catch((error: unknown) =>
    logger().error({ err: error }, "catalog sync failed"),
  );
  let decided: TStartSwapResult | "submit";
  let prorationDate: number | undefined;
  try {
    decided = await db.transaction(async (tx): Promise<TStartSwapResult | "submit"> => {
      const [locked] = await tx
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.customerId, customerId), eq(orders.orderNumber, input.orderNumber)))
        .for("no key update");
      if (!locked) return { ok: false, code: "NOT_FOUND" };
      const ctx = await getSwapContext(tx, customerId, input.orderNumber, input.locale);
      const item = ctx?.items.find((i) => i.id === input.itemId);
      if (!ctx || !item) return { ok: false, code: "NOT_FOUND" };
      const plan = planSwap(item, input.targetProductId, ctx.catalog, ctx.taxRateBps, now);
      if (!plan.ok) return plan;
      const target = plan.target as TSwapCatalogEntry;
      const isPlan = item.kind === "yearly";
      if (isPlan) {
        const sub = await planOfItem(tx, customerId, item.id);
        if (!sub || sub.status === "canceled" || sub.status === "incomplete_expired" || !target.stripePriceId)
          return { ok: false, code: "NOT_ELIGIBLE" };
        const at = planProrationDate(input.prorationDate, now);
        if (!at.ok) return at;
        prorationDate = at.at;
      }
      const direction = swapDirection(plan.quote.difference);
      if (direction === "dearer" && !isPlan && !target.stripeProductId)
        return { ok: false, code: "PAYMENT_UNAVAILABLE" };
      const [row] = await tx
        .insert(swaps)
        .values({
          id: swapId,
          orderItemId: item.id,
          customerId,
          fromProductId: item.productId,
          toProductId: target.productId,
          toPriceId: target.priceId,
          status: direction === "dearer" && !isPlan ? "pending_payment" : "processing",
          // A plan's difference is prorated and billed by Stripe on the subscription's own invoice, not on this order.
          difference: isPlan ? 0 : plan.quote.difference,
          differenceTax: isPlan ? 0 : plan.quote.differenceTax,
          currency: ctx.currency,
          idempotencyKey: `swap:${swapId}`,
          createdAt: now,
        })
        // The partial unique index: a second live swap of this item is not written.
        .onConflictDoNothing()
        .returning({ id: swaps.id });
      if (!row) return { ok: false, code: "ALREADY_SWAPPED" };
      await recordAudit(tx, {
        actorType: "customer",
        actorId: customerId,
        action: "swap.started",
        subjectType: "swap",
        subjectId: swapId,
        data: {
          orderItemId: item.id,
          fromProductId: item.productId,
          toProductId: target.productId,
          difference: plan.quote.difference,
          direction,
          isPlan,
        },
      });
      if (direction === "equal" && !isPlan) {
        await completeSwap(tx, swapId, deps.mail, { actor: { type: "customer", id: customerId }, now });
        return { ok: true, swapId, status: "completed", checkoutUrl: null };
      }
      if (direction === "cheaper" && !isPlan) {
        // The refund row and its key exist before Stripe is called; no refund_items, so no license is revoked by it.
        await tx.insert(refunds).values({
          orderId: ctx.id,
          customerId,
          status: "processing",
          source: "swap",
          amount: -plan.quote.difference,
          currency: ctx.currency,
          idempotencyKey: `swap-refund:${swapId}`,
          requestedAt: now,
        });
      }
      // Should this process die before Stripe answers, the job finishes the money side.
      await enqueueJob(tx, {
        kind: "swap.submit",
        payload: prorationDate === undefined ? { swapId } : { swapId, prorationDate },
        runAt: new Date(now.getTime() + 30_000),
        dedupeKey: `swap:${swapId}`,
      });
      return "submit";
    });
  } catch (error) {
    // Two starts racing past the lock-free read of another driver: the index still keeps one.
    if (isUniqueViolationOn(error, "swaps_one_per_item_uq")) return { ok: false, code: "ALREADY_SWAPPED" };
    throw error;
  }
  if (decided !== "submit") return decided;
  crashPoint("swap.after-row");
  const submitted = await submitSwap(db, swapId, { ...deps, locale: input.locale, prorationDate });
  if (submitted.code) return { ok: false, code: submitted.code };
  return { ok: true, swapId, status: submitted.status, checkoutUrl: submitted.checkoutUrl };
}
