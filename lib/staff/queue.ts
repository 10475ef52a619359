import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { TDb, TExecutor } from "@/db/open";
import { customers, orders, supportRequests } from "@/db/schema";
import type { TMailSettings } from "@/lib/email/templates/types";
import { confirmRefund } from "@/lib/refunds/confirm-refund";
import { requestRefund } from "@/lib/refunds/request-refund";
import { approveLostAddress } from "./approve-lost-address";
import { mailDecision } from "./decision-mail";
import { refunderFlag } from "./lookup";
import { DEFAULT_REPEAT_REFUNDER, type TRepeatRefunder } from "./repeat-refunder-policy";
import { assertStaff, type TStaff } from "./staff-sign-in";
import { recordAudit } from "@/lib/audit/record-audit";

const DAY = 86_400_000;

/**
 * The review queue: open past-window refund requests and lost-address requests, oldest first, with
 * what it takes to decide (order, items, amounts, days past the window, reason, the customer's
 * recent refunds, how long the request has waited).
 */
export async function listQueue(
  db: TExecutor,
  staff: TStaff,
  now: Date = new Date(),
  repeatRefunder: TRepeatRefunder = DEFAULT_REPEAT_REFUNDER,
) {
  assertStaff(staff);
  const rows = await db
    .select({
      id: supportRequests.id,
      kind: supportRequests.kind,
      customerId: supportRequests.customerId,
      contactEmail: supportRequests.contactEmail,
      reason: supportRequests.reason,
      details: supportRequests.details,
      createdAt: supportRequests.createdAt,
      orderNumber: orders.orderNumber,
    })
    .from(supportRequests)
    .leftJoin(orders, eq(orders.id, supportRequests.orderId))
    .where(and(eq(supportRequests.status, "open"), sql`${supportRequests.kind} <> 'other'`))
    .orderBy(asc(supportRequests.createdAt))
    .limit(200);
  return Promise.all(
    rows.map(async (r) => {
      const items = Array.isArray(r.details.items)
        ? (r.details.items as { orderItemId: string; amount: number; deadline: string }[])
        : [];
      const deadlines = items.map((i) => new Date(i.deadline).getTime()).filter((n) => !Number.isNaN(n));
      return {
        ...r,
        amount: typeof r.details.amount === "number" ? r.details.amount : null,
        currency: typeof r.details.currency === "string" ? r.details.currency : null,
        reasonText: typeof r.details.reasonText === "string" ? r.details.reasonText : null,
        daysPastWindow: deadlines.length
          ? Math.max(0, Math.floor((now.getTime() - Math.min(...deadlines)) / DAY))
          : null,
        hoursWaiting: Math.floor((now.getTime() - r.createdAt.getTime()) / 3_600_000),
        lostAddress: r.kind === "lost_address" ? await lostAddressFacts(db, r.details) : null,
        ...(r.customerId
          ? await refunderFlag(db, r.customerId, now, repeatRefunder)
          : { recentRefunds: 0, isRepeatRefunder: false }),
      };
    }),
  );
}

/** What a lost-address request says, and how many orders the old address's account holds. */
async function lostAddressFacts(db: TExecutor, details: Record<string, unknown>) {
  const oldEmail = typeof details.oldEmail === "string" ? details.oldEmail : null;
  const [held] = oldEmail
    ? await db
        .select({ n: sql<number>`count(${orders.id})::int` })
        .from(customers)
        .leftJoin(orders, eq(orders.customerId, customers.id))
        .where(eq(customers.email, oldEmail))
    : [];
  return {
    oldEmail,
    ordersAtOld: held?.n ?? 0,
    orderNumbers: Array.isArray(details.orderNumbers) ? details.orderNumbers.map(String) : [],
    purchaseDate: typeof details.purchaseDate === "string" ? details.purchaseDate : null,
    amountText: typeof details.amount === "string" ? details.amount : null,
  };
}

export type TDecideCode =
  | "ALREADY_DECIDED"
  | "NOT_FOUND"
  | "APPROVE_UNSUPPORTED"
  | "REFUND_REFUSED"
  | "ATTACH_TARGET_NOT_FOUND"
  | "ATTACH_SAME_ADDRESS"
  | "ATTACH_NOTHING";

/**
 * Approves or declines a request, once: the request is claimed by one conditional update (open →
 * decided), so of two agents deciding at once one decides and the other is told it was taken.
 * Approving a past-window refund then runs the customer's money path (same idempotency, locks and
 * mails, the 90 days not applying); should the refund be refused (already refunded meanwhile), the
 * request is open again. The customer gets the decision and the note by mail, in their language.
 */
export async function decideRequest(
  db: TDb,
  staff: TStaff,
  input: { requestId: string; decision: "approve" | "decline"; note: string; attachTo?: string; now?: Date },
  deps: { stripe: Stripe; mail: TMailSettings },
): Promise<
  | { ok: true; code: "APPROVED" | "DECLINED" }
  | { ok: false; code: TDecideCode; decidedBy?: string | null; refusal?: string }
> {
  assertStaff(staff);
  const now = input.now ?? new Date();
  if (!/^[0-9a-f-]{36}$/i.test(input.requestId)) return { ok: false, code: "NOT_FOUND" };
  const [current] = await db.select().from(supportRequests).where(eq(supportRequests.id, input.requestId));
  if (!current) return { ok: false, code: "NOT_FOUND" };
  if (current.status !== "open") return { ok: false, code: "ALREADY_DECIDED", decidedBy: current.decidedBy };
  const approve = input.decision === "approve";
  if (approve && current.kind === "lost_address") {
    const r = await approveLostAddress(db, staff, { ...input, now }, deps.mail);
    return r.ok ? { ok: true, code: "APPROVED" } : r;
  }
  if (approve && current.kind !== "refund_exception") return { ok: false, code: "APPROVE_UNSUPPORTED" };

  const claimed = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(supportRequests)
      .set({
        status: approve ? "approved" : "declined",
        staffNote: input.note,
        decidedBy: staff.email,
        decidedAt: now,
      })
      .where(and(eq(supportRequests.id, input.requestId), eq(supportRequests.status, "open")))
      .returning();
    if (!row) return null;
    await recordAudit(tx, {
      actorType: "staff",
      actorId: staff.email,
      action: approve ? "support_request.approved" : "support_request.declined",
      subjectType: "support_request",
      subjectId: row.id,
      data: { note: input.note, kind: row.kind },
    });
    return row;
  });
  if (!claimed) {
    const [after] = await db
      .select({ decidedBy: supportRequests.decidedBy })
      .from(supportRequests)
      .where(eq(supportRequests.id, input.requestId));
    return { ok: false, code: "ALREADY_DECIDED", decidedBy: after?.decidedBy };
  }

  if (approve && claimed.customerId && claimed.orderId) {
    const [order] = await db
      .select({ orderNumber: orders.orderNumber })
      .from(orders)
      .where(eq(orders.id, claimed.orderId));
    const items = (claimed.details.items as { orderItemId: string }[] | undefined) ?? [];
    const requested = await requestRefund(db, claimed.customerId, {
      orderNumber: order!.orderNumber,
      itemIds: items.map((i) => i.orderItemId),
      reason: (claimed.reason ?? "other") as never,
      reasonText: typeof claimed.details.reasonText === "string" ? claimed.details.reasonText : undefined,
      locale: "en",
      now,
      bySupport: true,
    });
    const confirmed = requested.ok
      ? await confirmRefund(db, claimed.customerId, requested.refundId, {
          ...deps,
          now,
          actor: { type: "staff", email: staff.email, note: input.note },
        })
      : requested;
    if (!confirmed.ok) {
      await db
        .update(supportRequests)
        .set({ status: "open", staffNote: null, decidedBy: null, decidedAt: null })
        .where(eq(supportRequests.id, claimed.id));
      return { ok: false, code: "REFUND_REFUSED", refusal: confirmed.code };
    }
  }

  await mailDecision(db, claimed, approve, input.note, deps.mail);
  return { ok: true, code: approve ? "APPROVED" : "DECLINED" };
}
