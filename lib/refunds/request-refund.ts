import "server-only";
import { randomUUID } from "node:crypto";
import type { TDb } from "@/db/open";
import { refundItems, refunds } from "@/db/schema";
import { getRefundContext, policyOrder } from "./queries";
import { isEuBuyer, planRefund, type TRefundError, type TRefundReason } from "./refund-policy";

/**
 * Step 1 of a refund: records what the customer asks for (status
 * "requested"); no money moves until they confirm. The amount is the
 * server's, from what was paid for the chosen items of their own order.
 */
export async function requestRefund(
  db: TDb,
  customerId: string,
  input: {
    orderNumber: string;
    itemIds: string[];
    reason: TRefundReason;
    reasonText?: string;
    locale: string;
    now?: Date;
    /** Support's refund for the customer: inside or outside the window. */
    bySupport?: boolean;
  },
): Promise<{ ok: true; refundId: string } | { ok: false; code: TRefundError | "NOT_FOUND" }> {
  const now = input.now ?? new Date();
  const ctx = await getRefundContext(db, customerId, input.orderNumber, input.locale);
  if (!ctx) return { ok: false, code: "NOT_FOUND" };
  const plan = planRefund(policyOrder(ctx), input.itemIds, now, { allowPastWindow: input.bySupport });
  if (!plan.ok) return { ok: false, code: plan.code };
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(refunds).values({
      id,
      orderId: ctx.id,
      customerId,
      status: "requested",
      source: input.bySupport ? "support" : "portal",
      amount: plan.amount,
      currency: ctx.currency,
      reasonCode: input.reason,
      reasonText: input.reasonText || null,
      isWithdrawal: isEuBuyer(ctx.country),
      // Deterministic and stored before Stripe is ever called: a retry repeats nothing.
      idempotencyKey: `refund:${id}`,
      requestedAt: now,
    });
    await tx
      .insert(refundItems)
      .values(plan.items.map((i) => ({ refundId: id, orderItemId: i.id, amount: i.amount })));
  });
  return { ok: true, refundId: id };
}
