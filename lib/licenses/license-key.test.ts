import { describe, expect, it } from "vitest";
import { generateLicenseKey, KEY_ALPHABET, LICENSE_KEY_PATTERN, maskLicenseKey } from "./license-key";

describe("license keys", () => {
  it("have five groups of five unambiguous characters", () => {
    for (let i = 0; i < 200; i++) expect(generateLicenseKey()).toMatch(LICENSE_KEY_PATTERN);
    expect(KEY_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it("do not repeat", () => {
    const keys = new Set(Array.from({ length: 10_000 }, generateLicenseKey));
    expect(keys.size).toBe(10_000);
  });

  it("are masked but for the last group", () => {
    expect(maskLicenseKey("ABCDE-FGHJK-MNPQR-STUVW-XYZ23")).toBe("•••••-•••••-•••••-•••••-XYZ23");
  });
});
