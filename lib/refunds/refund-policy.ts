/**
 * The 90-day money-back guarantee as pure rules. The window is absolute time:
 * it ends exactly 90 × 24 hours after the payment of that order (a renewal's
 * own payment; a swapped item keeps its original purchase time), so a
 * daylight-saving change anywhere moves nothing; the deadline is only
 * *shown* in the customer's time zone.
 */
export const REFUND_WINDOW_DAYS = 90;
const WINDOW_MS = REFUND_WINDOW_DAYS * 24 * 3600 * 1000;

export function refundDeadline(purchasedAt: Date): Date {
  return new Date(purchasedAt.getTime() + WINDOW_MS);
}

/** The last instant of the window still counts. */
export function isWithinRefundWindow(purchasedAt: Date, now: Date): boolean {
  return now.getTime() <= refundDeadline(purchasedAt).getTime();
}

export type TPolicyItem = {
  id: string;
  status: "active" | "refunded" | "swapped";
  purchasedAt: Date;
  /** What the customer paid for this item, tax included (after swap adjustments). */
  paid: number;
  /** Already refunded or being refunded for this item. */
  refunded: number;
};

export type TPolicyOrder = { total: number; refunded: number; items: TPolicyItem[] };

export type TRefundableItem = { id: string; amount: number; deadline: Date; isWithinWindow: boolean };

export type TRefundError =
  "NOTHING_SELECTED" | "ITEM_NOT_FOUND" | "ALREADY_REFUNDED" | "WINDOW_CLOSED" | "EXCEEDS_PAID";

export type TRefundPlan =
  | { ok: true; amount: number; items: { id: string; amount: number }[]; deadline: Date }
  | { ok: false; code: TRefundError; itemId?: string };

/** What each item could still give back, and until when. */
export function refundableItems(order: TPolicyOrder, now: Date): TRefundableItem[] {
  return order.items.map((item) => ({
    id: item.id,
    amount: item.status === "active" ? Math.max(0, item.paid - item.refunded) : 0,
    deadline: refundDeadline(item.purchasedAt),
    isWithinWindow: isWithinRefundWindow(item.purchasedAt, now),
  }));
}

/**
 * The refund of the selected items, computed on the server from what was
 * paid: the client sends ids only, never an amount. Refused when an item is
 * not this order's, already refunded, past its window, or when the total
 * would exceed what the order still holds.
 */
/** `allowPastWindow`: a refund support decided (the 90 days do not apply, everything else does). */
export function planRefund(
  order: TPolicyOrder,
  selectedIds: readonly string[],
  now: Date,
  opts: { allowPastWindow?: boolean } = {},
): TRefundPlan {
  const ids = [...new Set(selectedIds)];
  if (ids.length === 0) return { ok: false, code: "NOTHING_SELECTED" };
  const byId = new Map(refundableItems(order, now).map((i) => [i.id, i]));
  const planned: { id: string; amount: number }[] = [];
  let deadline: Date | undefined;
  for (const id of ids) {
    const item = byId.get(id);
    if (!item) return { ok: false, code: "ITEM_NOT_FOUND", itemId: id };
    if (item.amount <= 0) return { ok: false, code: "ALREADY_REFUNDED", itemId: id };
    if (!item.isWithinWindow && !opts.allowPastWindow)
      return { ok: false, code: "WINDOW_CLOSED", itemId: id };
    planned.push({ id, amount: item.amount });
    if (!deadline || item.deadline < deadline) deadline = item.deadline;
  }
  const amount = planned.reduce((n, i) => n + i.amount, 0);
  if (amount > order.total - order.refunded) return { ok: false, code: "EXCEEDS_PAID" };
  return { ok: true, amount, items: planned, deadline: deadline! };
}

/** EU and EEA countries, where the refund is also the statutory withdrawal from the contract. */
const EU_COUNTRIES = new Set(
  "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split(" "),
);

export function isEuBuyer(country: string | null | undefined): boolean {
  return !!country && EU_COUNTRIES.has(country.toUpperCase());
}

/** Reasons written for desktop software; the answer never changes the outcome. */
export const REFUND_REASONS = [
  "not_working",
  "missing_feature",
  "too_complicated",
  "bought_by_mistake",
  "found_alternative",
  "too_expensive",
  "no_longer_needed",
  "other",
] as const;
export type TRefundReason = (typeof REFUND_REASONS)[number];
