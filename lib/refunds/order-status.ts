import type { ORDER_STATUSES } from "@/db/schema/orders";

/**
 * An order's status from its money: refunded once all that was paid on it went back; partially
 * refunded once some of what was bought went back. A VAT back alone leaves it paid (reverse
 * charge: nothing the buyer bought was given back). Amounts in the order's currency's minor unit.
 */
export function orderStatusAfterRefunds(o: {
  paid: number;
  refunded: number;
  /** The part of `refunded` that gave back what was bought (every refund but VAT backs). */
  goodsRefunded: number;
}): (typeof ORDER_STATUSES)[number] {
  if (o.refunded >= o.paid) return "refunded";
  return o.goodsRefunded > 0 ? "partially_refunded" : "paid";
}
