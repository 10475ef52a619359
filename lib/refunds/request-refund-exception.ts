import "server-only";
import { eq } from "drizzle-orm";
import type { TDb } from "@/db/open";
import { customers, orders } from "@/db/schema";
import { enqueueMail } from "@/lib/email/outbox";
import { refundExceptionAckMail } from "@/lib/email/templates/refund";
import type { TMailSettings } from "@/lib/email/templates/types";
import { formatMoney } from "@/lib/i18n/format";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { DuplicateRequest, fileSupportRequest, findOpenRequest } from "@/lib/support/file-request";
import { getRefundContext, policyOrder } from "./queries";
import { refundableItems, type TRefundReason } from "./refund-policy";
import { recordAudit } from "@/lib/audit/record-audit";

const EXCEPTION_LIMIT = { name: "refund-exception", limit: 5, windowSeconds: 24 * 3600 };

/**
 * Past the 90 days the portal does not refund by itself: the request goes to
 * support with everything an agent needs to approve it, and the customer gets
 * an acknowledgment; support gets a mail. One open request per order: filing again while it is
 * open (a double click, a revisit) answers with that request, without a second row, mail or
 * rate-limit hit.
 */
export async function requestRefundException(
  db: TDb,
  customerId: string,
  input: { orderNumber: string; reason: TRefundReason; reasonText: string; locale: string; now?: Date },
  mail: TMailSettings,
): Promise<
  | { ok: true; requestId: string; isNew: boolean }
  | { ok: false; code: "NOT_FOUND" | "RATE_LIMITED" | "NOTHING_TO_REFUND" }
> {
  const now = input.now ?? new Date();
  const ctx = await getRefundContext(db, customerId, input.orderNumber, input.locale);
  if (!ctx) return { ok: false, code: "NOT_FOUND" };
  const items = refundableItems(policyOrder(ctx), now).filter((i) => i.amount > 0);
  if (items.length === 0) return { ok: false, code: "NOTHING_TO_REFUND" };
  const openKey = refundExceptionOpenKey(ctx.id);
  const file = () =>
    db.transaction(async (tx) => {
      // The order row first (the lock order): the second of two clicks waits here, then finds the first.
      await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, ctx.id)).for("no key update");
      const open = await findOpenRequest(tx, openKey);
      if (open) return { ok: true, requestId: open.id, isNew: false } as const;
      if (!(await consumeRateLimit(tx, EXCEPTION_LIMIT, customerId, now)))
        return { ok: false, code: "RATE_LIMITED" } as const;
      const [customer] = await tx
        .select({ email: customers.email, locale: customers.locale })
        .from(customers)
        .where(eq(customers.id, customerId));
      const amount = items.reduce((n, i) => n + i.amount, 0);
      const row = await fileSupportRequest(
        tx,
        {
          kind: "refund_exception",
          customerId,
          orderId: ctx.id,
          contactEmail: customer!.email,
          reason: input.reason,
          details: {
            orderNumber: ctx.orderNumber,
            paidAt: ctx.paidAt.toISOString(),
            currency: ctx.currency,
            amount,
            items: items.map((i) => ({
              orderItemId: i.id,
              amount: i.amount,
              deadline: i.deadline.toISOString(),
            })),
            reasonText: input.reasonText,
            locale: input.locale,
          },
          createdAt: now,
          openKey,
        },
        {
          orderNumber: ctx.orderNumber,
          facts: [
            `Amount: ${formatMoney(amount, ctx.currency, "en")}`,
            `Paid: ${ctx.paidAt.toISOString().slice(0, 10)}`,
            `Reason: ${input.reason}`,
            ...(input.reasonText ? [input.reasonText] : []),
          ],
        },
        mail,
      );
      if (!row) throw new DuplicateRequest();
      await recordAudit(tx, {
        actorType: "customer",
        actorId: customerId,
        action: "refund.exception_requested",
        subjectType: "support_request",
        subjectId: row.id,
        data: { orderNumber: ctx.orderNumber },
      });
      const locale = customer!.locale as "en" | "fr" | "it";
      await enqueueMail(tx, {
        to: customer!.email,
        locale,
        template: "refund-exception",
        dedupeKey: `refund-exception:${row.id}`,
        content: refundExceptionAckMail(locale, { orderNumber: ctx.orderNumber }, mail),
      });
      return { ok: true, requestId: row.id, isNew: true } as const;
    });
  try {
    return await file();
  } catch (error) {
    if (!(error instanceof DuplicateRequest)) throw error;
    const open = await findOpenRequest(db, openKey);
    if (!open) throw error;
    return { ok: true, requestId: open.id, isNew: false };
  }
}

/** One open past-window request per order. */
export const refundExceptionOpenKey = (orderId: string) => `refund_exception:${orderId}`;
