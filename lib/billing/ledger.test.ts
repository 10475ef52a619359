import { describe, expect, it } from "vitest";
import { ledgerTotals, sortLedger, type TLedgerEntry } from "./ledger";

const at = (d: number) => new Date(Date.UTC(2026, 0, d));
const e = (kind: TLedgerEntry["kind"], amount: number, day: number, extra: Partial<TLedgerEntry> = {}) =>
  ({ kind, amount, currency: "eur", at: at(day), ...extra }) as TLedgerEntry;

describe("ledgerTotals", () => {
  it("paid − refunded = net per currency; credits beside, pending refunds not yet counted", () => {
    const totals = ledgerTotals([
      e("purchase", 8388, 1),
      e("swap_difference", 20286, 2),
      e("refund_swap", 2400, 3),
      e("refund_stripe_dashboard", 1000, 4),
      e("refund_portal", 500, 5, { pending: true }),
      e("plan_credit", 700, 6),
      e("renewal", 3594, 7, { currency: "usd" }),
    ]);
    expect(totals).toEqual([
      { currency: "eur", paid: 28674, refunded: 3400, credited: 700, net: 25274 },
      { currency: "usd", paid: 3594, refunded: 0, credited: 0, net: 3594 },
    ]);
  });

  it("a refund above the first payment is not capped: both payments count", () => {
    const [t] = ledgerTotals([
      e("purchase", 3594, 1),
      e("swap_difference", 20286, 2),
      e("refund_portal", 23880, 3),
    ]);
    expect(t).toMatchObject({ paid: 23880, refunded: 23880, net: 0 });
  });

  it("no entries, no totals", () => {
    expect(ledgerTotals([])).toEqual([]);
  });
});

describe("sortLedger", () => {
  it("oldest first; a payment before a refund at the same instant", () => {
    const sorted = sortLedger([e("refund_portal", 1, 2), e("purchase", 1, 2), e("renewal", 1, 1)]);
    expect(sorted.map((x) => x.kind)).toEqual(["renewal", "purchase", "refund_portal"]);
  });
});
