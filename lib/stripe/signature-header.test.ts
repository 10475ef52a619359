import { describe, expect, it } from "vitest";
import { isPlausibleStripeSignature } from "./signature-header";

const now = 1_800_000_000;
const v1 = "a".repeat(64);

describe("isPlausibleStripeSignature", () => {
  it("accepts Stripe's shape within the tolerance", () => {
    expect(isPlausibleStripeSignature(`t=${now},v1=${v1}`, now, 300)).toBe(true);
    expect(isPlausibleStripeSignature(`t=${now - 299},v1=${"0".repeat(64)},v0=xyz`, now, 300)).toBe(true);
  });

  it("refuses a missing, malformed, stale or huge header", () => {
    expect(isPlausibleStripeSignature(null, now, 300)).toBe(false);
    expect(isPlausibleStripeSignature("", now, 300)).toBe(false);
    expect(isPlausibleStripeSignature(`v1=${v1}`, now, 300)).toBe(false);
    expect(isPlausibleStripeSignature(`t=${now}`, now, 300)).toBe(false);
    expect(isPlausibleStripeSignature(`t=${now},v1=nothex`, now, 300)).toBe(false);
    expect(isPlausibleStripeSignature(`t=${now - 301},v1=${v1}`, now, 300)).toBe(false);
    expect(isPlausibleStripeSignature(`t=${now},v1=${v1},${"x".repeat(3000)}`, now, 300)).toBe(false);
  });
});
