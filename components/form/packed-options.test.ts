import { describe, expect, it } from "vitest";
import { countryOptions } from "@/lib/i18n/countries";
import { packOptions, unpackOptions } from "./packed-options";

describe("a select's choices packed as text", () => {
  it("unpacks to the same choices, in the same order", () => {
    for (const locale of ["en", "fr", "it"] as const) {
      const options = countryOptions(locale);
      expect(unpackOptions(packOptions(options))).toEqual(options);
    }
    expect(unpackOptions(packOptions([{ value: "a", label: "A: b, c" }]))).toEqual([
      { value: "a", label: "A: b, c" },
    ]);
    expect(unpackOptions(packOptions([]))).toEqual([]);
  });

  it("is smaller than the choices as JSON", () => {
    const options = countryOptions("en");
    expect(JSON.stringify(packOptions(options)).length).toBeLessThan(JSON.stringify(options).length / 2);
  });
});
