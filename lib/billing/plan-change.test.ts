import { describe, expect, it } from "vitest";
import { cardPaid, planChangeEntries } from "./plan-change";

describe("planChangeEntries", () => {
  it("a dearer plan: what the card paid, with the invoice's tax", () => {
    expect(planChangeEntries({ total: 3600, amountPaid: 3600, tax: 600 })).toEqual([
      { kind: "plan_change", amount: 3600, tax: 600 },
    ]);
  });

  it("a dearer plan partly paid by an earlier credit: the card's part, tax in the same share", () => {
    expect(planChangeEntries({ total: 3600, amountPaid: 1200, tax: 600 })).toEqual([
      { kind: "plan_change", amount: 1200, tax: 200 },
    ]);
  });

  it("a cheaper plan: the negative total is a credit on the customer's balance", () => {
    expect(planChangeEntries({ total: -2401, amountPaid: 0, tax: -400 })).toEqual([
      { kind: "plan_credit", amount: 2401, tax: 400 },
    ]);
  });

  it("nothing paid and nothing credited (covered by a credit, or no difference): no entry", () => {
    expect(planChangeEntries({ total: 500, amountPaid: 0, tax: 83 })).toEqual([]);
    expect(planChangeEntries({ total: 0, amountPaid: 0, tax: 0 })).toEqual([]);
  });
});

describe("cardPaid", () => {
  it("a renewal partly paid from a credit: the card's part and its tax share; wholly from a credit: nothing", () => {
    expect(cardPaid({ total: 3594, amountPaid: 3594, tax: 599 })).toEqual({ amount: 3594, tax: 599 });
    expect(cardPaid({ total: 3594, amountPaid: 1797, tax: 599 })).toEqual({ amount: 1797, tax: 300 });
    expect(cardPaid({ total: 3594, amountPaid: 0, tax: 599 })).toBeNull();
  });
});
