import { describe, expect, it } from "vitest";
import { formatDate } from "@/lib/i18n/format";
import {
  isEuBuyer,
  isWithinRefundWindow,
  planRefund,
  refundDeadline,
  type TPolicyOrder,
} from "./refund-policy";

const paid = new Date("2026-11-01T10:00:00Z");
const DAY = 24 * 3600 * 1000;
const at = (ms: number) => new Date(paid.getTime() + ms);

describe("the 90-day window", () => {
  it("is open at 89 days 23:59:59 and at exactly 90 days, closed one second later", () => {
    expect(isWithinRefundWindow(paid, at(90 * DAY - 1000))).toBe(true);
    expect(isWithinRefundWindow(paid, at(90 * DAY))).toBe(true);
    expect(isWithinRefundWindow(paid, at(90 * DAY + 1000))).toBe(false);
  });

  it("is 90 × 24 hours across a daylight-saving change", () => {
    // Paid in Paris in summer time; the window closes in winter time: one hour earlier on the clock.
    const summer = new Date("2026-08-15T10:00:00+02:00");
    const deadline = refundDeadline(summer);
    expect(deadline.toISOString()).toBe("2026-11-13T08:00:00.000Z");
    expect(
      deadline.toLocaleString("fr-FR", { timeZone: "Europe/Paris", timeStyle: "short", dateStyle: "long" }),
    ).toBe("13 novembre 2026 à 09:00");
  });

  it("shows the deadline in the customer's zone and language", () => {
    const late = new Date("2026-11-16T20:30:00Z"); // already the 17th in Auckland
    const deadline = refundDeadline(late);
    expect(formatDate(deadline, "en", "UTC")).toBe("14 February 2027");
    expect(formatDate(deadline, "en", "Pacific/Auckland")).toBe("15 February 2027");
    expect(formatDate(deadline, "it", "America/Los_Angeles")).toBe("14 febbraio 2027");
  });
});

describe("planRefund", () => {
  const order: TPolicyOrder = {
    total: 12_000,
    refunded: 0,
    items: [
      { id: "a", status: "active", purchasedAt: paid, paid: 6000, refunded: 0 },
      { id: "b", status: "active", purchasedAt: paid, paid: 6000, refunded: 0 },
    ],
  };
  const now = at(10 * DAY);

  it("refunds what was paid for the chosen items", () => {
    expect(planRefund(order, ["a"], now)).toMatchObject({
      ok: true,
      amount: 6000,
      items: [{ id: "a", amount: 6000 }],
    });
    expect(planRefund(order, ["a", "b", "a"], now)).toMatchObject({ ok: true, amount: 12_000 });
  });

  it("refuses nothing, a foreign item, a refunded item, a closed window", () => {
    expect(planRefund(order, [], now)).toEqual({ ok: false, code: "NOTHING_SELECTED" });
    expect(planRefund(order, ["zzz"], now)).toMatchObject({ ok: false, code: "ITEM_NOT_FOUND" });
    const partly = { ...order, items: [{ ...order.items[0]!, refunded: 6000 }, order.items[1]!] };
    expect(planRefund(partly, ["a"], now)).toMatchObject({ ok: false, code: "ALREADY_REFUNDED" });
    expect(planRefund(order, ["a"], at(91 * DAY))).toMatchObject({ ok: false, code: "WINDOW_CLOSED" });
  });

  it("never exceeds what the order still holds, also after a partial refund", () => {
    const swapped = { ...order, refunded: 7000 };
    expect(planRefund(swapped, ["a", "b"], now)).toEqual({ ok: false, code: "EXCEEDS_PAID" });
  });

  it("keeps a swapped item's original purchase time", () => {
    const old = new Date(now.getTime() - 95 * DAY);
    const o = { ...order, items: [{ ...order.items[0]!, purchasedAt: old }] };
    expect(planRefund(o, ["a"], now)).toMatchObject({ ok: false, code: "WINDOW_CLOSED" });
  });
});

describe("EU buyers", () => {
  it("are told apart by country", () => {
    expect(isEuBuyer("FR")).toBe(true);
    expect(isEuBuyer("it")).toBe(true);
    expect(isEuBuyer("US")).toBe(false);
    expect(isEuBuyer(null)).toBe(false);
  });
});
