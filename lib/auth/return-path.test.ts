import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it.each([
    "/en/orders",
    "/fr/orders/ORD-2026-7K4M9Q",
    "/it/orders/ORD-2026-7K4M9Q/refund/0b7c3a52-5a6e-4d0e-9a57-54a2c0d1d1a1?from=mail",
    "/en",
    "/en/licenses#license-1",
  ])("keeps a path of the portal: %s", (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });

  it.each([
    "//evil.test/en/orders",
    "https://evil.test/en/orders",
    "/\\evil.test",
    "/en//evil.test",
    "/en/orders\n/evil",
    "/de/orders",
    "orders",
    "/en/sign-in",
    "/fr/sign-in/check-email",
    "",
    "/en/" + "x".repeat(600),
  ])("refuses anything else: %s", (path) => {
    expect(safeReturnPath(path)).toBeNull();
  });

  it("refuses what is not a string", () => {
    expect(safeReturnPath(["/en/orders"])).toBeNull();
    expect(safeReturnPath(undefined)).toBeNull();
  });
});
