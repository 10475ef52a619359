import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "./audit-csv";

describe("the audit log's CSV", () => {
  it("quotes every field and doubles quotes; line breaks stay inside the quotes", () => {
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField(null)).toBe('""');
    expect(csvField(42)).toBe('"42"');
    expect(csvField(new Date("2026-12-01T06:00:00Z"))).toBe('"2026-12-01T06:00:00.000Z"');
  });

  it("never lets a spreadsheet run a formula", () => {
    for (const attack of [
      '=HYPERLINK("http://evil")',
      "+1+cmd|' /C calc'!A0",
      "-2+3",
      "@SUM(A1)",
      "\t=1",
      "\r=1",
    ])
      expect(csvField(attack).startsWith(`"'`), attack).toBe(true);
    expect(csvField("a=b")).toBe('"a=b"');
    expect(csvField("refund.confirmed")).toBe('"refund.confirmed"');
  });

  it("joins records with CRLF, header first", () => {
    expect(toCsv(["a", "b"], [["1", "=2"]])).toBe('"a","b"\r\n"1","\'=2"\r\n');
  });
});
