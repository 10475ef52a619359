import { describe, expect, it } from "vitest";
import type { TFaqEntry } from "./faq-types";
import { faqForFlow } from "./select-faq";

const entries: TFaqEntry[] = [
  { id: "a", tags: ["refund"], question: "A?", answer: "a" },
  { id: "b", tags: ["general"], question: "B?", answer: "b" },
  { id: "c", tags: ["swap", "refund"], question: "C?", answer: "c" },
  { id: "d", tags: ["refund"], question: "D?", answer: "d" },
];

const ids = (list: TFaqEntry[]) => list.map((entry) => entry.id);

describe("faqForFlow", () => {
  it("returns the entries with the tag, in file order", () => {
    expect(ids(faqForFlow(entries, "refund"))).toEqual(["a", "c", "d"]);
    expect(ids(faqForFlow(entries, "swap"))).toEqual(["c"]);
    expect(ids(faqForFlow(entries, "subscription"))).toEqual([]);
  });

  it("honours a limit", () => {
    expect(ids(faqForFlow(entries, "refund", 2))).toEqual(["a", "c"]);
    expect(ids(faqForFlow(entries, "refund", 10))).toEqual(["a", "c", "d"]);
    expect(ids(faqForFlow(entries, "refund", 1.9))).toEqual(["a"]);
    expect(faqForFlow(entries, "refund", 0)).toEqual([]);
    expect(faqForFlow(entries, "refund", -1)).toEqual([]);
    expect(faqForFlow(entries, "refund", Number.NaN)).toEqual([]);
  });
});
