import { describe, expect, it } from "vitest";
import {
  canSwap,
  divRoundHalfAwayFromZero,
  planProrationDate,
  planSwap,
  PLAN_QUOTE_VALID_SECONDS,
  swapDirection,
  swapQuote,
  swapTargets,
  type TCatalogEntry,
  type TSwapItem,
} from "./swap-policy";

const bought = new Date("2026-11-01T10:00:00Z");
const DAY = 24 * 3600 * 1000;
const at = (ms: number) => new Date(bought.getTime() + ms);

const item: TSwapItem = {
  id: "item-1",
  status: "active",
  productId: "pro",
  family: "backup",
  kind: "one_time",
  currency: "eur",
  quantity: 1,
  tax: 999,
  total: 5994, // 4995 + 20 %
  purchasedAt: bought,
  hasSwap: false,
  refunded: 0,
};

const entry = (productId: string, unitAmount: number, over: Partial<TCatalogEntry> = {}): TCatalogEntry => ({
  productId,
  priceId: `price-${productId}`,
  family: "backup",
  kind: "one_time",
  isActive: true,
  currency: "eur",
  unitAmount,
  recurringInterval: null,
  ...over,
});

const catalog: TCatalogEntry[] = [
  entry("standard", 2995),
  entry("pro", 4995),
  entry("technician", 19900),
  entry("pro-twin", 4995),
  entry("partition", 3995, { family: "partition" }),
  entry("backup-yearly", 2995, { kind: "yearly", recurringInterval: "year" }),
  entry("backup-usd", 2995, { currency: "usd" }),
  entry("backup-old", 999, { isActive: false }),
];

describe("swap targets", () => {
  it("are the other active editions of the same family, kind and currency", () => {
    expect(swapTargets(item, catalog).map((c) => c.productId)).toEqual([
      "standard",
      "technician",
      "pro-twin",
    ]);
  });

  it("a yearly plan only swaps for another yearly plan", () => {
    const plan = { ...item, productId: "backup-yearly-cloud", kind: "yearly" as const };
    expect(swapTargets(plan, catalog).map((c) => c.productId)).toEqual(["backup-yearly"]);
  });

  it("one entry per product even if it has several prices", () => {
    const twice = [...catalog, entry("standard", 3100, { priceId: "price-standard-2" })];
    expect(swapTargets(item, twice).filter((c) => c.productId === "standard")).toHaveLength(1);
  });
});

describe("may the item be swapped", () => {
  it("within the 90 days of the original purchase, the last instant included", () => {
    expect(canSwap(item, at(90 * DAY))).toEqual({ ok: true, deadline: at(90 * DAY) });
    expect(canSwap(item, at(90 * DAY + 1000))).toEqual({ ok: false, code: "WINDOW_CLOSED" });
  });

  it("once only", () => {
    expect(canSwap({ ...item, hasSwap: true }, at(DAY))).toEqual({ ok: false, code: "ALREADY_SWAPPED" });
    expect(canSwap({ ...item, status: "swapped" }, at(DAY))).toEqual({ ok: false, code: "ALREADY_SWAPPED" });
  });

  it("not a refunded item, nor one being refunded", () => {
    expect(canSwap({ ...item, status: "refunded" }, at(DAY))).toEqual({ ok: false, code: "NOT_ELIGIBLE" });
    expect(canSwap({ ...item, refunded: 100 }, at(DAY))).toEqual({ ok: false, code: "NOT_ELIGIBLE" });
  });
});

describe("what a swap costs", () => {
  it("dearer: the customer pays the difference, tax included", () => {
    expect(swapQuote(item, 19900, 2000)).toEqual({
      subtotal: 19900,
      tax: 3980,
      total: 23880,
      difference: 17886,
      differenceTax: 2981,
    });
  });

  it("cheaper: the difference is negative and comes back", () => {
    expect(swapQuote(item, 2995, 2000)).toEqual({
      subtotal: 2995,
      tax: 599,
      total: 3594,
      difference: -2400,
      differenceTax: -400,
    });
  });

  it("equal: nothing moves", () => {
    expect(swapQuote(item, 4995, 2000).difference).toBe(0);
  });

  it("awkward amounts: 1999 × 3 at 22 % rounds the tax half away from zero, in integers", () => {
    // 5997 × 0.22 = 1319.34 → 1319; in floating point 5997 * 0.22 = 1319.3400000000001
    const three = { quantity: 3, tax: 0, total: 0 };
    expect(swapQuote(three, 1999, 2200)).toEqual({
      subtotal: 5997,
      tax: 1319,
      total: 7316,
      difference: 7316,
      differenceTax: 1319,
    });
    // 25 × 0.02 = 0.5 exactly → 1 (half away from zero, where floating point gives 0.5000000000000001 or 0.49999…)
    expect(swapQuote({ quantity: 1, tax: 0, total: 0 }, 25, 200).tax).toBe(1);
    // 1.005 € at 10 % is 10.05 cents: 10
    expect(swapQuote({ quantity: 1, tax: 0, total: 0 }, 1005, 100).tax).toBe(10);
    // 23 % of 4995 = 1148.85 → 1149
    expect(swapQuote({ quantity: 1, tax: 0, total: 0 }, 4995, 2300).tax).toBe(1149);
  });

  it("the difference is exactly the new total minus what was paid, for every amount", () => {
    for (let amount = 1; amount < 3000; amount += 7) {
      for (const bps of [0, 550, 2000, 2100, 2200, 2300, 2550]) {
        const q = swapQuote({ quantity: 3, tax: 777, total: 4444 }, amount, bps);
        expect(Number.isInteger(q.tax)).toBe(true);
        expect(q.total).toBe(q.subtotal + q.tax);
        expect(4444 + q.difference).toBe(q.total);
        expect(777 + q.differenceTax).toBe(q.tax);
        expect(Math.abs(q.tax - (amount * 3 * bps) / 10_000)).toBeLessThanOrEqual(0.5);
      }
    }
  });

  it("rounds negative halves away from zero too, and refuses non-integers", () => {
    expect(divRoundHalfAwayFromZero(-5, 10)).toBe(-1);
    expect(divRoundHalfAwayFromZero(-4, 10)).toBe(0);
    expect(divRoundHalfAwayFromZero(15, 10)).toBe(2);
    expect(() => divRoundHalfAwayFromZero(1.5, 10)).toThrow(RangeError);
  });

  it("names the direction", () => {
    expect([swapDirection(0), swapDirection(-1), swapDirection(1)]).toEqual(["equal", "cheaper", "dearer"]);
  });
});

describe("the whole plan", () => {
  it("refuses a target of another family, a missing product and the same product", () => {
    expect(planSwap(item, "partition", catalog, 2000, at(DAY))).toEqual({
      ok: false,
      code: "TARGET_NOT_ALLOWED",
    });
    expect(planSwap(item, "no-such-product", catalog, 2000, at(DAY))).toEqual({
      ok: false,
      code: "TARGET_NOT_ALLOWED",
    });
    expect(planSwap(item, "pro", catalog, 2000, at(DAY))).toEqual({ ok: false, code: "TARGET_NOT_ALLOWED" });
    expect(planSwap(item, "backup-old", catalog, 2000, at(DAY))).toEqual({
      ok: false,
      code: "TARGET_NOT_ALLOWED",
    });
  });

  it("checks the window before the target", () => {
    expect(planSwap(item, "standard", catalog, 2000, at(91 * DAY))).toEqual({
      ok: false,
      code: "WINDOW_CLOSED",
    });
  });

  it("gives the target's price and the amounts", () => {
    const plan = planSwap(item, "technician", catalog, 2000, at(DAY));
    expect(plan.ok && plan.target.priceId).toBe("price-technician");
    expect(plan.ok && plan.quote.difference).toBe(17886);
  });
});

describe("planProrationDate", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  const t = now.getTime() / 1000;
  it("is the moment the amount was shown, so that amount is charged", () => {
    expect(planProrationDate(t - 300, now)).toEqual({ ok: true, at: t - 300 });
    expect(planProrationDate(t - PLAN_QUOTE_VALID_SECONDS, now)).toEqual({
      ok: true,
      at: t - PLAN_QUOTE_VALID_SECONDS,
    });
  });
  it("is now when nothing was shown", () => {
    expect(planProrationDate(undefined, now)).toEqual({ ok: true, at: t });
  });
  it("refuses an amount shown more than an hour ago, or in the future beyond a minute's leeway", () => {
    expect(planProrationDate(t - PLAN_QUOTE_VALID_SECONDS - 1, now)).toEqual({
      ok: false,
      code: "QUOTE_EXPIRED",
    });
    expect(planProrationDate(t + 61, now)).toEqual({ ok: false, code: "QUOTE_EXPIRED" });
    expect(planProrationDate(t + 30, now)).toEqual({ ok: true, at: t });
  });
});
