import { describe, expect, it } from "vitest";
import { vatBackDecision, vatShares, type TVatBackFacts } from "./vat-back-policy";

const paidAt = new Date("2026-03-01T10:00:00Z");
const DAY = 24 * 3600 * 1000;
const base: TVatBackFacts = {
  seller: { country: "FR" },
  buyer: { country: "IT", vatId: "IT00743110157" },
  tax: 2198,
  verification: "verified",
  paidAt,
  at: new Date(paidAt.getTime() + 10 * DAY),
  hasRefunds: false,
};

describe("VAT back for a verified business buyer", () => {
  it("gives the VAT back to a verified buyer in another EU country within 90 days of the payment", () => {
    expect(vatBackDecision(base)).toEqual({ ok: true });
    // The last instant of the window still counts; one millisecond later it is closed.
    expect(vatBackDecision({ ...base, at: new Date(paidAt.getTime() + 90 * DAY) })).toEqual({ ok: true });
    expect(vatBackDecision({ ...base, at: new Date(paidAt.getTime() + 90 * DAY + 1) })).toEqual({
      ok: false,
      reason: "WINDOW_CLOSED",
    });
  });

  it("says why not, in the order the reasons apply", () => {
    const reason = (f: Partial<TVatBackFacts>) => {
      const d = vatBackDecision({ ...base, ...f });
      return d.ok ? "ok" : d.reason;
    };
    expect(reason({ buyer: { country: "IT" } })).toBe("CONSUMER");
    expect(reason({ buyer: { country: "IT", vatId: null } })).toBe("CONSUMER");
    expect(reason({ tax: 0 })).toBe("NO_VAT");
    expect(reason({ buyer: { country: "fr", vatId: "FR40303265045" } })).toBe("SAME_COUNTRY");
    expect(reason({ buyer: { country: "CH", vatId: "CHE123" } })).toBe("OUTSIDE_EU");
    expect(reason({ seller: { country: "GB" } })).toBe("OUTSIDE_EU");
    expect(reason({ hasRefunds: true })).toBe("ALREADY_REFUNDED");
    expect(reason({ verification: "unverified" })).toBe("UNVERIFIED");
    expect(reason({ verification: "pending" })).toBe("PENDING");
    expect(reason({ verification: "unavailable" })).toBe("PENDING");
    expect(reason({ verification: null })).toBe("PENDING");
    // Still pending when the window has closed: closed.
    expect(reason({ verification: "pending", at: new Date(paidAt.getTime() + 91 * DAY) })).toBe(
      "WINDOW_CLOSED",
    );
    // A consumer in the seller's country is a consumer first.
    expect(reason({ buyer: { country: "FR" }, verification: null })).toBe("CONSUMER");
    // Unverified and late: the verification is the reason shown.
    expect(reason({ verification: "unverified", at: new Date(paidAt.getTime() + 100 * DAY) })).toBe(
      "UNVERIFIED",
    );
  });

  it("splits the VAT over the items so that the shares add up to the invoice's", () => {
    expect(
      vatShares(2198, [
        { id: "a", tax: 1099 },
        { id: "b", tax: 1099 },
      ]),
    ).toEqual([
      { id: "a", amount: 1099 },
      { id: "b", amount: 1099 },
    ]);
    expect(
      vatShares(1000, [
        { id: "a", tax: 333 },
        { id: "free", tax: 0 },
        { id: "b", tax: 666 },
      ]),
    ).toEqual([
      { id: "a", amount: 333 },
      { id: "b", amount: 667 },
    ]);
    expect(vatShares(0, [{ id: "free", tax: 0 }])).toEqual([]);
  });
});
