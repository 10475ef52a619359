import { describe, expect, it } from "vitest";
import {
  claimAttemptsLeft,
  claimExpiresAt,
  claimState,
  isSameAddress,
  MAX_CLAIM_ATTEMPTS,
} from "./address-claim-policy";

const now = new Date("2026-03-01T12:00:00Z");
const open = { usedAt: null, expiresAt: claimExpiresAt(now), attempts: 0 };

describe("address claims", () => {
  it("live ten minutes: open until the last millisecond, expired at the deadline", () => {
    expect(open.expiresAt.toISOString()).toBe("2026-03-01T12:10:00.000Z");
    expect(claimState(open, new Date("2026-03-01T12:09:59.999Z"))).toBe("open");
    expect(claimState(open, new Date("2026-03-01T12:10:00.000Z"))).toBe("expired");
  });

  it("lock at the fifth wrong code, whatever the clock says", () => {
    expect(claimState({ ...open, attempts: MAX_CLAIM_ATTEMPTS - 1 }, now)).toBe("open");
    expect(claimAttemptsLeft({ attempts: MAX_CLAIM_ATTEMPTS - 1 })).toBe(1);
    expect(claimState({ ...open, attempts: MAX_CLAIM_ATTEMPTS }, now)).toBe("locked");
    expect(claimAttemptsLeft({ attempts: MAX_CLAIM_ATTEMPTS + 3 })).toBe(0);
  });

  it("once used stay used, even after expiry or with attempts spent", () => {
    expect(
      claimState({ usedAt: now, expiresAt: now, attempts: MAX_CLAIM_ATTEMPTS }, new Date("2030-01-01")),
    ).toBe("used");
  });

  it("compare addresses trimmed and case-insensitively", () => {
    expect(isSameAddress(" Ana@Example.com", "ana@example.com ")).toBe(true);
    expect(isSameAddress("ana@example.com", "ana2@example.com")).toBe(false);
  });
});
