import { describe, expect, it } from "vitest";
import { DEFAULT_REPEAT_REFUNDER, isRepeatRefunder, repeatRefunderSince } from "./repeat-refunder-policy";

describe("repeat refunders", () => {
  it("counts from the same moment the given months back, clamped to the month's last day", () => {
    expect(repeatRefunderSince(new Date("2026-12-01T06:00:00Z"), 12).toISOString()).toBe(
      "2025-12-01T06:00:00.000Z",
    );
    expect(repeatRefunderSince(new Date("2026-03-31T10:00:00Z"), 1).toISOString()).toBe(
      "2026-02-28T10:00:00.000Z",
    );
    expect(repeatRefunderSince(new Date("2024-02-29T00:00:00Z"), 12).toISOString()).toBe(
      "2023-02-28T00:00:00.000Z",
    );
    expect(repeatRefunderSince(new Date("2026-01-15T00:00:00Z"), 3).toISOString()).toBe(
      "2025-10-15T00:00:00.000Z",
    );
  });

  it("flags from the threshold on, by default 3 refunds", () => {
    expect(isRepeatRefunder(2, DEFAULT_REPEAT_REFUNDER)).toBe(false);
    expect(isRepeatRefunder(3, DEFAULT_REPEAT_REFUNDER)).toBe(true);
    expect(isRepeatRefunder(1, { refunds: 1, months: 6 })).toBe(true);
    expect(isRepeatRefunder(0, { refunds: 1, months: 6 })).toBe(false);
  });
});
