import { describe, expect, it } from "vitest";
import { parseFaq } from "./parse-faq";

const valid = `Notes for editors: anything before the first header is ignored.
Even lines with: colons.

---
id: refund-policy
tags: refund, invoice
question: What is your refund policy?
---
Ninety days, no questions.

- a list item
- [a link](/orders)

---
id: second-entry
tags: general
question: Is: a colon allowed in the question?
---

Yes.

`;

describe("parseFaq", () => {
  it("parses entries in file order and ignores the preamble", () => {
    const entries = parseFaq(valid);
    expect(entries).toEqual([
      {
        id: "refund-policy",
        tags: ["refund", "invoice"],
        question: "What is your refund policy?",
        answer: "Ninety days, no questions.\n\n- a list item\n- [a link](/orders)",
      },
      {
        id: "second-entry",
        tags: ["general"],
        question: "Is: a colon allowed in the question?",
        answer: "Yes.",
      },
    ]);
  });

  it("returns no entries for a file without headers", () => {
    expect(parseFaq("just some notes\n")).toEqual([]);
    expect(parseFaq("")).toEqual([]);
  });

  it("handles CRLF line endings and a byte-order mark", () => {
    const crlf = "\uFEFF" + valid.replace(/\n/g, "\r\n");
    const entries = parseFaq(crlf);
    expect(entries).toEqual(parseFaq(valid));
    for (const entry of entries) {
      expect(entry.answer).not.toContain("\r");
      expect(entry.question).not.toContain("\r");
    }
  });

  it("rejects an unknown tag, naming the entry and the tag", () => {
    const bad = valid.replace("tags: refund, invoice", "tags: refund, refunds");
    expect(() => parseFaq(bad)).toThrow(/"refund-policy".*line 4.*unknown tag "refunds"/);
  });

  it("rejects an empty tag list", () => {
    expect(() => parseFaq(valid.replace("tags: general", "tags: ,"))).toThrow(
      /"second-entry".*at least one tag/,
    );
  });

  it("rejects a duplicate id", () => {
    const dup = valid.replace("id: second-entry", "id: refund-policy");
    expect(() => parseFaq(dup)).toThrow(/"refund-policy" \(line 14\).*duplicate id.*line 4/);
  });

  it("rejects a missing question", () => {
    const bad = valid.replace("question: Is: a colon allowed in the question?\n", "");
    expect(() => parseFaq(bad)).toThrow(/"second-entry".*missing question/);
  });

  it("rejects an empty question and an empty answer", () => {
    expect(() => parseFaq(valid.replace("question: What is your refund policy?", "question:   "))).toThrow(
      /"refund-policy".*question is empty/,
    );
    expect(() => parseFaq(valid.replace("\nYes.\n", "\n   \n"))).toThrow(/"second-entry".*answer is empty/);
  });

  it("rejects a malformed id", () => {
    expect(() => parseFaq(valid.replace("id: second-entry", "id: Second Entry"))).toThrow(/kebab-case/);
    expect(() => parseFaq(valid.replace("id: second-entry", "id: second--entry"))).toThrow(/kebab-case/);
    expect(() => parseFaq(valid.replace("id: second-entry\n", ""))).toThrow(/entry at line 14: missing id/);
  });

  it("rejects unknown or repeated header keys and lines that are not key: value", () => {
    expect(() => parseFaq(valid.replace("tags: general", "tag: general"))).toThrow(
      /line 16: unknown header key "tag"/,
    );
    expect(() => parseFaq(valid.replace("tags: general", "tags: general\ntags: refund"))).toThrow(
      /"tags" is given twice/,
    );
    expect(() => parseFaq(valid.replace("tags: general", "tags general"))).toThrow(
      /line 16: expected "key: value"/,
    );
  });

  it("rejects a horizontal rule inside an answer (it would open a header)", () => {
    const bad = valid.replace("- a list item", "---\n- a list item");
    expect(() => parseFaq(bad)).toThrow(/line 1[0-9]/);
  });

  it("rejects a header that is never closed", () => {
    expect(() => parseFaq("---\nid: a\ntags: general\nquestion: Q?\n")).toThrow(/"a".*not closed/);
  });
});
