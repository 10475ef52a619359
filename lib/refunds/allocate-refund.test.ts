import { describe, expect, it } from "vitest";
import { allocateRefund } from "./allocate-refund";

const sum = (xs: { amount: number }[]) => xs.reduce((n, x) => n + x.amount, 0);

describe("a refund made outside the portal, split over the order's items", () => {
  it("splits 40 % of a 50 + 40 order in proportion", () => {
    expect(
      allocateRefund(3600, [
        { id: "a", remaining: 5000 },
        { id: "b", remaining: 4000 },
      ]),
    ).toEqual([
      { id: "a", amount: 2000 },
      { id: "b", amount: 1600 },
    ]);
  });

  it("gives the rounding cents to the largest fractions, and always sums to the amount", () => {
    const items = [
      { id: "a", remaining: 1000 },
      { id: "b", remaining: 1000 },
      { id: "c", remaining: 1000 },
    ];
    const split = allocateRefund(100, items);
    expect(sum(split)).toBe(100);
    expect(split.map((s) => s.amount)).toEqual([34, 33, 33]);
    for (const amount of [1, 7, 999, 2999, 3000]) expect(sum(allocateRefund(amount, items))).toBe(amount);
  });

  it("skips items with nothing left and never goes above what an item can give back", () => {
    expect(
      allocateRefund(9999, [
        { id: "a", remaining: 0 },
        { id: "b", remaining: 300 },
        { id: "c", remaining: 200 },
      ]),
    ).toEqual([
      { id: "b", amount: 300 },
      { id: "c", amount: 200 },
    ]);
    expect(allocateRefund(0, [{ id: "a", remaining: 10 }])).toEqual([]);
    expect(allocateRefund(5, [])).toEqual([]);
  });
});
