import { describe, expect, it } from "vitest";
import { getFaq, interpolateFaq } from "./load-faq";

describe("getFaq", () => {
  it("loads and caches each locale", () => {
    const first = getFaq("fr");
    expect(first.length).toBeGreaterThan(0);
    expect(first[0]?.id).toBe("sign-in");
    const second = getFaq("fr");
    expect(second).not.toBe(first);
    expect(second[0]).toBe(first[0]);
  });

  it("rejects an unknown locale at run time", () => {
    expect(() => getFaq("../../etc/passwd" as "en")).toThrow(/Unknown FAQ locale/);
  });

  it("re-exports interpolateFaq", () => {
    expect(interpolateFaq("{vendorName}", { vendorName: "V", supportEmail: "s@v.test" })).toBe("V");
  });
});
