import "server-only";
import { and, eq } from "drizzle-orm";
import type { TDb } from "@/db/open";
import { auditLog, customers, supportRequests } from "@/db/schema";
import { enqueueMail } from "@/lib/email/outbox";
import { refundExceptionAckMail } from "@/lib/email/templates/refund";
import type { TMailSettings } from "@/lib/email/templates/types";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { getRefundContext, policyOrder } from "./queries";
import { refundableItems, type TRefundReason } from "./refund-policy";

const EXCEPTION_LIMIT = { name: "refund-exception", limit: 5, windowSeconds: 24 * 3600 };

/**
 * Past the 90 days the portal does not refund by itself: the request goes to
 * support with everything an agent needs to approve it, and the customer gets
 * an acknowledgment. One open request per order.
 */
export async function requestRefundException(
  db: TDb,
  customerId: string,
  input: { orderNumber: string; reason: TRefundReason; reasonText: string; locale: string; now?: Date },
  mail: TMailSettings,
): Promise<{ ok: true } | { ok: false; code: "NOT_FOUND" | "RATE_LIMITED" | "NOTHING_TO_REFUND" }> {
  const now = input.now ?? new Date();
  const ctx = await getRefundContext(db, customerId, input.orderNumber, input.locale);
  if (!ctx) return { ok: false, code: "NOT_FOUND" };
  const items = refundableItems(policyOrder(ctx), now).filter((i) => i.amount > 0);
  if (items.length === 0) return { ok: false, code: "NOTHING_TO_REFUND" };
  return db.transaction(async (tx) => {
    const [open] = await tx
      .select({ id: supportRequests.id })
      .from(supportRequests)
      .where(
        and(
          eq(supportRequests.orderId, ctx.id),
          eq(supportRequests.kind, "refund_exception"),
          eq(supportRequests.status, "open"),
        ),
      );
    if (open) return { ok: true } as const;
    if (!(await consumeRateLimit(tx, EXCEPTION_LIMIT, customerId, now)))
      return { ok: false, code: "RATE_LIMITED" } as const;
    const [customer] = await tx
      .select({ email: customers.email, locale: customers.locale })
      .from(customers)
      .where(eq(customers.id, customerId));
    const [row] = await tx
      .insert(supportRequests)
      .values({
        kind: "refund_exception",
        customerId,
        orderId: ctx.id,
        contactEmail: customer!.email,
        reason: input.reason,
        details: {
          orderNumber: ctx.orderNumber,
          paidAt: ctx.paidAt.toISOString(),
          currency: ctx.currency,
          amount: items.reduce((n, i) => n + i.amount, 0),
          items: items.map((i) => ({
            orderItemId: i.id,
            amount: i.amount,
            deadline: i.deadline.toISOString(),
          })),
          reasonText: input.reasonText,
          locale: input.locale,
        },
        createdAt: now,
      })
      .returning({ id: supportRequests.id });
    await tx.insert(auditLog).values({
      actorType: "customer",
      actorId: customerId,
      action: "refund.exception_requested",
      subjectType: "support_request",
      subjectId: row!.id,
      data: { orderNumber: ctx.orderNumber },
    });
    const locale = customer!.locale as "en" | "fr" | "it";
    await enqueueMail(tx, {
      to: customer!.email,
      locale,
      template: "refund-exception",
      dedupeKey: `refund-exception:${row!.id}`,
      content: refundExceptionAckMail(locale, { orderNumber: ctx.orderNumber }, mail),
    });
    return { ok: true } as const;
  });
}
