import { describe, expect, it } from "vitest";
import { hasForbiddenCharacters, withoutForbiddenCharacters } from "./free-text";

describe("free text", () => {
  it("refuses NUL, other control characters, bidi overrides and isolates, BOMs and lone surrogates", () => {
    for (const bad of [
      "a\u0000b",
      "\u0007",
      "\u001B[31m",
      "\u007F",
      "\u0085",
      "abc\u202Edef",
      "\u2066x\u2069",
      "\uFEFF",
      "\uD83D",
      "x\uDE00",
    ])
      expect(hasForbiddenCharacters(bad), JSON.stringify(bad)).toBe(true);
  });

  it("accepts text people type: line breaks, tabs, RTL scripts with their marks, emoji, accents", () => {
    for (const good of [
      "line one\r\nline two\tend",
      "שלום עולם",
      "مرحبا بالعالم \u200F",
      "Grüße, café, naïve — “quotes”",
      "👍🏽 👨‍👩‍👧 🇫🇷",
      "x".repeat(10_000),
    ])
      expect(hasForbiddenCharacters(good), good.slice(0, 20)).toBe(false);
  });

  it("strips them for showing a refused value again", () => {
    expect(withoutForbiddenCharacters("a\u0000b\u202Ec 👍")).toBe("abc 👍");
  });
});
