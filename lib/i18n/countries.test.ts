import { describe, expect, it } from "vitest";
import { COUNTRY_CODES, countryOptions, isCountryCode } from "./countries";

describe("countries", () => {
  it("lists the 249 ISO 3166-1 alpha-2 codes once each", () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    expect(isCountryCode("IT")).toBe(true);
    expect(isCountryCode("GR")).toBe(true);
    // VAT prefixes and made-up codes are not countries.
    expect(isCountryCode("EL")).toBe(false);
    expect(isCountryCode("XX")).toBe(false);
    expect(isCountryCode("it")).toBe(false);
  });

  it("names every country in the page's language, sorted as that language sorts", () => {
    const name = (locale: "en" | "fr" | "it", code: string) =>
      countryOptions(locale).find((o) => o.value === code)?.label;
    expect([name("en", "DE"), name("fr", "DE"), name("it", "DE")]).toEqual([
      "Germany",
      "Allemagne",
      "Germania",
    ]);
    expect(name("fr", "IT")).toBe("Italie");
    expect(name("it", "CH")).toBe("Svizzera");
    for (const locale of ["en", "fr", "it"] as const) {
      const labels = countryOptions(locale).map((o) => o.label);
      expect(labels).toHaveLength(249);
      expect(labels.every((l) => !/^[A-Z]{2}$/.test(l))).toBe(true);
      expect([...labels].sort(new Intl.Collator(locale).compare)).toEqual(labels);
    }
    // French sorts an accented initial with its letter: Égypte among the E, before Espagne.
    const fr = countryOptions("fr").map((o) => o.label);
    expect(fr.indexOf("Égypte")).toBeLessThan(fr.indexOf("Espagne"));
  });
});
