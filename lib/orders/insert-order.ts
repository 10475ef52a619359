import "server-only";
import type { TTx } from "@/db/open";
import { orders } from "@/db/schema";
import { generateOrderNumber } from "./order-number";

/** Inserts an order under a fresh readable number; a rare collision draws again inside a savepoint. */
export async function insertOrder(
  tx: TTx,
  values: Omit<typeof orders.$inferInsert, "orderNumber" | "id">,
): Promise<{ id: string; orderNumber: string }> {
  for (let attempt = 0; ; attempt++) {
    const orderNumber = generateOrderNumber(values.paidAt);
    try {
      return await tx.transaction(async (sp) => {
        const [row] = await sp.insert(orders).values({ ...values, orderNumber }).returning({ id: orders.id, orderNumber: orders.orderNumber });
        return row!;
      });
    } catch (error) {
      if (attempt < 3 && isUniqueViolationOn(error, "orders_order_number_unique")) continue;
      throw error;
    }
  }
}

/** Postgres unique violation (23505) on the named constraint, from either driver. */
export function isUniqueViolationOn(error: unknown, constraint: string): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const x = e as { code?: string; constraint_name?: string; constraint?: string; message?: string };
    if (x.code === "23505" && `${x.constraint_name ?? ""} ${x.constraint ?? ""} ${x.message ?? ""}`.includes(constraint)) return true;
  }
  return false;
}
