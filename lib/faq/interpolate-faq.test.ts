import { describe, expect, it } from "vitest";
import { interpolateFaq, interpolateFaqEntry } from "./interpolate-faq";

const settings = { vendorName: "Acme Soft", supportEmail: "help@acme.test" };

describe("interpolateFaq", () => {
  it("replaces every placeholder", () => {
    expect(interpolateFaq("{vendorName}: write to {supportEmail} or {supportEmail}.", settings)).toBe(
      "Acme Soft: write to help@acme.test or help@acme.test.",
    );
  });

  it("leaves other braces alone and inserts settings literally", () => {
    expect(interpolateFaq("{other} {vendorname}", settings)).toBe("{other} {vendorname}");
    expect(interpolateFaq("{vendorName}", { vendorName: "$& $1 $$", supportEmail: "" })).toBe("$& $1 $$");
  });

  it("interpolates an entry's question and answer without touching the original", () => {
    const entry = {
      id: "x",
      tags: ["general" as const],
      question: "Who is {vendorName}?",
      answer: "{supportEmail}",
    };
    expect(interpolateFaqEntry(entry, settings)).toEqual({
      id: "x",
      tags: ["general"],
      question: "Who is Acme Soft?",
      answer: "help@acme.test",
    });
    expect(entry.question).toBe("Who is {vendorName}?");
  });
});
