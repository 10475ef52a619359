import "server-only";
import { and, desc, eq, gte, isNull, or, type SQL } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { orders, supportRequests } from "@/db/schema";

export type TCustomerRequest = {
  id: string;
  kind: "refund_exception" | "lost_address" | "other";
  status: "open" | "approved" | "declined";
  orderNumber: string | null;
  /** For a lost-address request: the old address it is about. */
  oldEmail: string | null;
  createdAt: Date;
  decidedAt: Date | null;
};

/**
 * The customer's requests to support, newest first: every open one, and those decided in the last
 * 90 days. Only the customer's own (another customer's request does not exist here); with
 * `orderId`, only those about that order.
 */
export async function customerRequests(
  db: TExecutor,
  customerId: string,
  opts: { orderId?: string; now?: Date } = {},
): Promise<TCustomerRequest[]> {
  const since = new Date((opts.now ?? new Date()).getTime() - 90 * 86_400_000);
  const conditions: SQL[] = [eq(supportRequests.customerId, customerId)];
  if (opts.orderId) conditions.push(eq(supportRequests.orderId, opts.orderId));
  const rows = await db
    .select({
      id: supportRequests.id,
      kind: supportRequests.kind,
      status: supportRequests.status,
      orderNumber: orders.orderNumber,
      details: supportRequests.details,
      createdAt: supportRequests.createdAt,
      decidedAt: supportRequests.decidedAt,
    })
    .from(supportRequests)
    .leftJoin(orders, and(eq(orders.id, supportRequests.orderId), eq(orders.customerId, customerId)))
    .where(
      and(
        ...conditions,
        or(
          eq(supportRequests.status, "open"),
          isNull(supportRequests.decidedAt),
          gte(supportRequests.decidedAt, since),
        ),
      ),
    )
    .orderBy(desc(supportRequests.createdAt))
    .limit(50);
  return rows.map(({ details, ...r }) => ({
    ...r,
    oldEmail: r.kind === "lost_address" && typeof details.oldEmail === "string" ? details.oldEmail : null,
  }));
}
