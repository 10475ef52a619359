import { isWithinRefundWindow, refundDeadline } from "@/lib/refunds/refund-policy";

/**
 * The swap rules as pure functions: what an item may be swapped for, whether
 * it may be swapped now, and what the swap costs. Amounts are integers in
 * minor units; nothing here touches floating point.
 */

export type TSwapError = "NOT_ELIGIBLE" | "ALREADY_SWAPPED" | "WINDOW_CLOSED" | "TARGET_NOT_ALLOWED";

export type TProductKind = "one_time" | "yearly";

export type TSwapItem = {
  id: string;
  status: "active" | "refunded" | "swapped";
  productId: string;
  family: string;
  kind: TProductKind;
  currency: string;
  quantity: number;
  tax: number;
  total: number;
  /** The original purchase time: a swapped item keeps it. */
  purchasedAt: Date;
  /** A live or completed swap of this item exists (failed or expired attempts do not count). */
  hasSwap: boolean;
  /** Money already refunded or being refunded for this item. */
  refunded: number;
};

/** One active price of one product, as the catalog offers it. */
export type TCatalogEntry = {
  productId: string;
  priceId: string;
  family: string;
  kind: TProductKind;
  isActive: boolean;
  currency: string;
  unitAmount: number;
  recurringInterval: string | null;
};

export type TSwapQuote = {
  subtotal: number;
  tax: number;
  total: number;
  /** Signed, tax included: positive means the customer pays, negative means we refund. */
  difference: number;
  differenceTax: number;
};

export type TSwapPlan =
  { ok: true; target: TCatalogEntry; quote: TSwapQuote; deadline: Date } | { ok: false; code: TSwapError };

/** Integer division rounded half away from zero (as Stripe rounds tax). */
export function divRoundHalfAwayFromZero(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError("integer amounts expected");
  }
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  const q = Math.floor(n / denominator);
  const r = n - q * denominator;
  const rounded = 2 * r >= denominator ? q + 1 : q;
  return rounded === 0 ? 0 : sign * rounded;
}

/** Editions of the same program, of the same kind, priced in the same currency; never the product itself. */
export function swapTargets(
  item: Pick<TSwapItem, "productId" | "family" | "kind" | "currency">,
  catalog: readonly TCatalogEntry[],
): TCatalogEntry[] {
  const seen = new Set<string>();
  return catalog.filter((c) => {
    const fits =
      c.isActive &&
      c.family === item.family &&
      c.kind === item.kind &&
      c.currency === item.currency &&
      c.productId !== item.productId &&
      (c.kind === "yearly" ? c.recurringInterval === "year" : c.recurringInterval === null) &&
      !seen.has(c.productId);
    if (fits) seen.add(c.productId);
    return fits;
  });
}

/** May this item be swapped at `now`? Within 90 days of its original purchase, once. */
export function canSwap(
  item: Pick<TSwapItem, "status" | "purchasedAt" | "hasSwap" | "refunded">,
  now: Date,
): { ok: true; deadline: Date } | { ok: false; code: TSwapError } {
  if (item.hasSwap || item.status === "swapped") return { ok: false, code: "ALREADY_SWAPPED" };
  if (item.status !== "active" || item.refunded > 0) return { ok: false, code: "NOT_ELIGIBLE" };
  if (!isWithinRefundWindow(item.purchasedAt, now)) return { ok: false, code: "WINDOW_CLOSED" };
  return { ok: true, deadline: refundDeadline(item.purchasedAt) };
}

/** What the item would cost as the target, at the order's VAT rate, and the signed difference to what was paid. */
export function swapQuote(
  item: Pick<TSwapItem, "quantity" | "tax" | "total">,
  targetUnitAmount: number,
  taxRateBps: number,
): TSwapQuote {
  const subtotal = targetUnitAmount * item.quantity;
  const tax = divRoundHalfAwayFromZero(subtotal * taxRateBps, 10_000);
  const total = subtotal + tax;
  return { subtotal, tax, total, difference: total - item.total, differenceTax: tax - item.tax };
}

/** The whole decision: eligibility, the allowed target (by product id, as the client sends it) and the amounts. */
export function planSwap(
  item: TSwapItem,
  targetProductId: string,
  catalog: readonly TCatalogEntry[],
  taxRateBps: number,
  now: Date,
): TSwapPlan {
  const allowed = canSwap(item, now);
  if (!allowed.ok) return allowed;
  const target = swapTargets(item, catalog).find((c) => c.productId === targetProductId);
  if (!target) return { ok: false, code: "TARGET_NOT_ALLOWED" };
  return {
    ok: true,
    target,
    quote: swapQuote(item, target.unitAmount, taxRateBps),
    deadline: allowed.deadline,
  };
}

export type TSwapDirection = "equal" | "cheaper" | "dearer";

export function swapDirection(difference: number): TSwapDirection {
  return difference === 0 ? "equal" : difference < 0 ? "cheaper" : "dearer";
}

/** How long a yearly plan's prorated amount, once shown, may be confirmed (seconds). */
export const PLAN_QUOTE_VALID_SECONDS = 60 * 60;

/**
 * The moment a yearly plan's change is prorated from: the one its amount was
 * shown for (the swap page's preview), so what was shown is what is charged;
 * none shown (a retry, no preview) is now. A moment in the future or older
 * than an hour is refused: the customer is shown the amount again.
 */
export function planProrationDate(
  shown: number | undefined,
  now: Date,
): { ok: true; at: number } | { ok: false; code: "QUOTE_EXPIRED" } {
  const at = Math.floor(now.getTime() / 1000);
  if (shown === undefined) return { ok: true, at };
  // A minute of leeway for clocks of several app instances.
  if (shown > at + 60 || shown < at - PLAN_QUOTE_VALID_SECONDS) return { ok: false, code: "QUOTE_EXPIRED" };
  return { ok: true, at: Math.min(shown, at) };
}
