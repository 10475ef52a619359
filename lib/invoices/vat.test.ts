import { describe, expect, it } from "vitest";
import { isReverseCharge, rateBps, taxShare, totalsByRate } from "./vat";

describe("VAT rules", () => {
  it("reverse charge only for a business in another EU country, charged no VAT", () => {
    const fr = { country: "FR" };
    expect(isReverseCharge(fr, { country: "IT", vatId: "IT00743110157" }, 0)).toBe(true);
    expect(isReverseCharge(fr, { country: "it", vatId: "IT00743110157" }, 0)).toBe(true);
    expect(isReverseCharge(fr, { country: "FR", vatId: "FR40303265045" }, 0)).toBe(false);
    expect(isReverseCharge(fr, { country: "IT" }, 0)).toBe(false);
    expect(isReverseCharge(fr, { country: "IT", vatId: "IT00743110157" }, 599)).toBe(false);
    expect(isReverseCharge(fr, { country: "US", vatId: "X1" }, 0)).toBe(false);
  });

  it("a rate from amounts, to a tenth of a percent", () => {
    expect(rateBps(2995, 599)).toBe(2000);
    expect(rateBps(1000, 55)).toBe(550);
    expect(rateBps(0, 0)).toBe(0);
    expect(rateBps(1000, 0)).toBe(0);
  });

  it("a refund's VAT is its share of the invoice's", () => {
    expect(taxShare(3594, { tax: 599, total: 3594 })).toBe(599);
    expect(taxShare(1200, { tax: 599, total: 3594 })).toBe(200);
    expect(taxShare(1200, { tax: 0, total: 3594 })).toBe(0);
  });

  it("totals per rate", () => {
    expect(
      totalsByRate([
        { taxRateBps: 2000, subtotal: 100, tax: 20, total: 120 },
        { taxRateBps: 550, subtotal: 100, tax: 6, total: 106 },
        { taxRateBps: 2000, subtotal: 50, tax: 10, total: 60 },
      ]),
    ).toEqual([
      { taxRateBps: 2000, subtotal: 150, tax: 30, total: 180 },
      { taxRateBps: 550, subtotal: 100, tax: 6, total: 106 },
    ]);
  });
});
