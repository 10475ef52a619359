import { describe, expect, it } from "vitest";
import { hasSessionCookie, publicPathOf, signedInTwinPath } from "./signed-in-twin";

describe("signed-in twins of the cached pages", () => {
  it("maps home and FAQ of each locale, and nothing else", () => {
    expect(signedInTwinPath("/en")).toBe("/en/signed-in");
    expect(signedInTwinPath("/fr/")).toBe("/fr/signed-in");
    expect(signedInTwinPath("/it/faq")).toBe("/it/signed-in/faq");
    expect(signedInTwinPath("/en/faq/")).toBe("/en/signed-in/faq");
    for (const p of ["/en/orders", "/en/faq/search", "/de", "/en/signed-in", "/"]) {
      expect(signedInTwinPath(p), p).toBeNull();
    }
  });

  it("gives back the public path", () => {
    expect(publicPathOf("/en/signed-in")).toBe("/en");
    expect(publicPathOf("/fr/signed-in/faq")).toBe("/fr/faq");
    expect(publicPathOf("/en/orders")).toBe("/en/orders");
    expect(publicPathOf("/en/signed-inx")).toBe("/en/signed-inx");
  });

  it("knows Auth.js's session cookie over http and https", () => {
    expect(hasSessionCookie(["NEXT_LOCALE", "authjs.session-token"])).toBe(true);
    expect(hasSessionCookie(["__Secure-authjs.session-token"])).toBe(true);
    expect(hasSessionCookie(["NEXT_LOCALE", "authjs.csrf-token"])).toBe(false);
  });
});
