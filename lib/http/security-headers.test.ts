import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isSignInConfirmPath } from "./security-headers";

describe("content security policy", () => {
  it("allows scripts only with the nonce, forbids framing", () => {
    const csp = contentSecurityPolicy("abc123", { isDev: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toContain("unsafe-eval");
  });
  it("knows the confirm page in every locale", () => {
    expect(isSignInConfirmPath("/fr/sign-in/confirm")).toBe(true);
    expect(isSignInConfirmPath("/sign-in/confirm")).toBe(true);
    expect(isSignInConfirmPath("/en/sign-in")).toBe(false);
  });
});
