import { describe, expect, it } from "vitest";
import { periodOf, weekStart, weeklyMax, weeklySeries } from "./reasons-policy";

const d = (s: string) => new Date(s);
const iso = (x: Date) => x.toISOString().slice(0, 10);

describe("reasons over time", () => {
  it("starts weeks on Monday, in UTC", () => {
    expect(iso(weekStart(d("2026-12-01T06:00:00Z")))).toBe("2026-11-30"); // a Tuesday
    expect(iso(weekStart(d("2026-11-30T00:00:00Z")))).toBe("2026-11-30"); // the Monday itself
    expect(iso(weekStart(d("2026-12-06T23:59:59Z")))).toBe("2026-11-30"); // the Sunday
    expect(iso(weekStart(d("2027-01-01T12:00:00Z")))).toBe("2026-12-28"); // across the year
  });

  it("reads the period from the form: by default 12 weeks to now; bad input is the default", () => {
    const now = d("2026-12-01T06:00:00Z");
    const p = periodOf({}, now);
    expect(p.weeks).toHaveLength(12);
    expect(iso(p.weeks[0]!)).toBe("2026-09-14");
    expect(iso(p.weeks.at(-1)!)).toBe("2026-11-30");
    expect(iso(p.to)).toBe("2026-12-07");
    expect(periodOf({ from: "2026-13-45", to: "yesterday" }, now)).toEqual(p);
    const reversed = periodOf({ from: "2026-11-30", to: "2026-11-02" }, now);
    expect(reversed.weeks.map(iso)).toEqual([
      "2026-11-02",
      "2026-11-09",
      "2026-11-16",
      "2026-11-23",
      "2026-11-30",
    ]);
    expect(periodOf({ from: "2000-01-01", to: "2026-11-30" }, now).weeks).toHaveLength(104);
  });

  it("counts per reason and week, most frequent first, leaving out what is outside", () => {
    const weeks = periodOf({ from: "2026-11-16", to: "2026-11-30" }, d("2026-12-01")).weeks;
    const series = weeklySeries(
      [
        { reason: "too_expensive", at: d("2026-11-17T10:00:00Z") },
        { reason: "not_working", at: d("2026-11-18T10:00:00Z") },
        { reason: "not_working", at: d("2026-12-02T10:00:00Z") },
        { reason: "not_working", at: d("2026-11-22T23:59:00Z") },
        { reason: "other", at: d("2026-11-01T10:00:00Z") },
      ],
      weeks,
    );
    expect(series).toEqual([
      { reason: "not_working", counts: [2, 0, 1], total: 3 },
      { reason: "too_expensive", counts: [1, 0, 0], total: 1 },
    ]);
    expect(weeklyMax(series, 3)).toBe(3);
    expect(weeklyMax([], 3)).toBe(1);
  });
});
