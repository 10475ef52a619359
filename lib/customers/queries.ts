import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { emailClaims, orderEvents, orders } from "@/db/schema";
import { claimAttemptsLeft, claimState, type TClaimState } from "./address-claim-policy";

export type TAddressClaimView = {
  id: string;
  email: string;
  state: TClaimState;
  attemptsLeft: number;
  attachedOrders: number;
};

/**
 * One "changed e-mail" claim of this customer, for the attach page: where it
 * stands and, once used, how many orders it attached. Another customer's
 * claim is null, like a missing one. The count walks this customer's orders
 * (indexed), never the whole timeline table.
 */
export async function getAddressClaim(
  db: TExecutor,
  customerId: string,
  claimId: string,
  now = new Date(),
): Promise<TAddressClaimView | null> {
  const [claim] = await db
    .select({
      id: emailClaims.id,
      email: emailClaims.email,
      attempts: emailClaims.attempts,
      expiresAt: emailClaims.expiresAt,
      usedAt: emailClaims.usedAt,
    })
    .from(emailClaims)
    .where(and(eq(emailClaims.id, claimId), eq(emailClaims.customerId, customerId)));
  if (!claim) return null;
  const state = claimState(claim, now);
  let attachedOrders = 0;
  if (state === "used") {
    const [row] = await db
      .select({ n: count() })
      .from(orders)
      .innerJoin(orderEvents, eq(orderEvents.orderId, orders.id))
      .where(
        and(
          eq(orders.customerId, customerId),
          eq(orderEvents.type, "attached"),
          sql`${orderEvents.data}->>'claimId' = ${claim.id}`,
        ),
      );
    attachedOrders = row?.n ?? 0;
  }
  return { id: claim.id, email: claim.email, state, attemptsLeft: claimAttemptsLeft(claim), attachedOrders };
}
