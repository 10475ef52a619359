import { describe, expect, it } from "vitest";
import { checkVatId, keepsReverseCharge, sameBilling } from "./billing-details";

describe("checkVatId", () => {
  it("accepts a valid VAT ID of the billing country, as typed, and normalizes it", () => {
    expect(checkVatId("IT", "IT00743110157")).toEqual({ ok: true, value: "IT00743110157" });
    expect(checkVatId("IT", "it 007 431 101 57")).toEqual({ ok: true, value: "IT00743110157" });
    expect(checkVatId("IT", "00743110157")).toEqual({ ok: true, value: "IT00743110157" });
    expect(checkVatId("FR", "FR 40 303 265 045")).toEqual({ ok: true, value: "FR40303265045" });
    expect(checkVatId("GR", "094259216")).toEqual({ ok: true, value: "EL094259216" });
    expect(checkVatId("DE", "DE-136.695.976")).toEqual({ ok: true, value: "DE136695976" });
  });
  it("refuses a wrong checksum or format", () => {
    expect(checkVatId("IT", "IT00743110158")).toEqual({ ok: false, code: "VAT_ID_INVALID" });
    expect(checkVatId("FR", "FR123")).toEqual({ ok: false, code: "VAT_ID_INVALID" });
  });
  it("refuses another state's VAT ID and a country outside the EU", () => {
    expect(checkVatId("FR", "IT00743110157")).toEqual({ ok: false, code: "VAT_ID_COUNTRY" });
    expect(checkVatId("GR", "GR094259216")).toEqual({ ok: false, code: "VAT_ID_COUNTRY" });
    expect(checkVatId("CH", "CHE123456789")).toEqual({ ok: false, code: "VAT_ID_COUNTRY" });
  });
});

describe("sameBilling", () => {
  it("compares the details as printed", () => {
    expect(sameBilling({ name: "A", country: "IT" }, { name: "A", country: "IT", addressLines: [] })).toBe(
      true,
    );
    expect(sameBilling({ name: "A" }, { name: "A", companyName: "ACME" })).toBe(false);
  });
});

describe("keepsReverseCharge", () => {
  const rc = { reverseCharge: true, billing: { country: "IT", vatId: "IT00743110157", companyName: "A" } };
  it("lets a reverse-charge invoice's company and address change, not its VAT ID or country", () => {
    expect(keepsReverseCharge(rc, { country: "IT", vatId: "IT00743110157", companyName: "B" })).toBe(true);
    expect(keepsReverseCharge(rc, { country: "it", vatId: "IT00743110157", addressLines: ["x"] })).toBe(true);
    expect(keepsReverseCharge(rc, { country: "IT" })).toBe(false);
    expect(keepsReverseCharge(rc, { country: "DE", vatId: "DE136695976" })).toBe(false);
  });
  it("leaves an invoice with VAT free to change", () => {
    expect(keepsReverseCharge({ ...rc, reverseCharge: false }, { country: "FR" })).toBe(true);
  });
});
