import { describe, expect, it } from "vitest";
import type { TFaqEntry } from "./faq-types";
import {
  isMatchedWord,
  MAX_QUERY_LENGTH,
  normalizeForSearch,
  queryWords,
  searchFaq,
  type TFaqHit,
} from "./search-faq";

const fr: TFaqEntry[] = [
  {
    id: "delivery",
    tags: ["licenses"],
    question: "Quand vais-je recevoir mon code de licence ?",
    answer: "Le lien de **téléchargement** arrive par e-mail. Voir [mes commandes](/orders/remboursement).",
  },
  {
    id: "refund-policy",
    tags: ["refund"],
    question: "Quelle est votre politique de remboursement ?",
    answer: "Garantie de 90 jours, sans condition.",
  },
  {
    id: "cancel-order",
    tags: ["refund"],
    question: "Puis-je annuler ma commande ?",
    answer: "Si vous avez payé, c'est un remboursement. Œuvre cœur.",
  },
];

const it_: TFaqEntry[] = [
  { id: "support", tags: ["general"], question: "Che tipo di assistenza offrite?", answer: "Via e-mail." },
  {
    id: "refund-policy",
    tags: ["refund"],
    question: "Qual è la politica di rimborso?",
    answer: "90 giorni.",
  },
];

const en: TFaqEntry[] = [
  {
    id: "cancel-order",
    tags: ["refund"],
    question: "Can I cancel an order?",
    answer: "Paid orders get a refund.",
  },
  { id: "refund-policy", tags: ["refund"], question: "What is your refund policy?", answer: "90 days." },
  { id: "support", tags: ["general"], question: "Do you offer support?", answer: "By e-mail, for free." },
];

const ids = (hits: TFaqHit[]) => hits.map((hit) => hit.entry.id);

describe("normalizeForSearch", () => {
  it("removes accents, lower-cases and collapses whitespace", () => {
    expect(normalizeForSearch("  Rèmbôursement\t  ÉTÉ \n ça  ")).toBe("remboursement ete ca");
  });

  it("folds ligatures and sharp s", () => {
    expect(normalizeForSearch("Œuvre cœur Ætna straße")).toBe("oeuvre coeur aetna strasse");
  });

  it("keeps a Markdown link's text but drops its target", () => {
    expect(normalizeForSearch("See [my orders](/orders) now")).toBe("see my orders now");
    expect(normalizeForSearch("![logo](https://example.com/x.png)")).toBe("logo");
  });
});

describe("queryWords", () => {
  it("splits on whitespace and trims punctuation around words", () => {
    expect(queryWords("  Refund?  policy. ")).toEqual(["refund", "policy"]);
  });

  it("cuts the query to the maximum length", () => {
    const words = queryWords("a".repeat(MAX_QUERY_LENGTH) + " tail");
    expect(words).toEqual(["a".repeat(MAX_QUERY_LENGTH)]);
  });
});

describe("searchFaq", () => {
  it("finds the French refund entry whatever the case and accents", () => {
    for (const query of ["remboursement", "REMBOURSEMENT", "rèmbôursement", " Remboursement ? "]) {
      expect(searchFaq(fr, query, "fr")[0]?.entry.id, query).toBe("refund-policy");
    }
  });

  it("finds the Italian and English refund entries", () => {
    expect(searchFaq(it_, "rimborso", "it")[0]?.entry.id).toBe("refund-policy");
    expect(searchFaq(it_, "RIMBORSO", "it")[0]?.entry.id).toBe("refund-policy");
    expect(searchFaq(en, "refund", "en")[0]?.entry.id).toBe("refund-policy");
  });

  it("is accent-insensitive in both directions", () => {
    expect(ids(searchFaq(fr, "telechargement", "fr"))).toEqual(["delivery"]);
    expect(ids(searchFaq(fr, "téléchargément", "fr"))).toEqual(["delivery"]);
    expect(ids(searchFaq(fr, "oeuvre", "fr"))).toEqual(["cancel-order"]);
    expect(ids(searchFaq(fr, "cœur", "fr"))).toEqual(["cancel-order"]);
  });

  it("does not match inside Markdown link targets", () => {
    expect(ids(searchFaq(fr, "orders", "fr"))).toEqual([]);
    expect(ids(searchFaq(fr, "commandes", "fr"))).toEqual(["cancel-order", "delivery"]);
  });

  it("prefers entries with every word, and falls back to entries with some", () => {
    expect(ids(searchFaq(en, "refund policy", "en"))).toEqual(["refund-policy"]);
    expect(ids(searchFaq(en, "refund", "en"))).toEqual(["refund-policy", "cancel-order"]);
    expect(ids(searchFaq(en, "refund phone", "en"))).toEqual(["refund-policy", "cancel-order"]);
    expect(ids(searchFaq(en, "phone", "en"))).toEqual([]);
  });

  it("ranks question matches above answer-only matches; stop words alone find nothing", () => {
    expect(ids(searchFaq(fr, "remboursement", "fr"))).toEqual(["refund-policy", "cancel-order"]);
    expect(ids(searchFaq(en, "e-mail", "en"))).toEqual(["support"]);
    expect(ids(searchFaq(en, "you", "en"))).toEqual([]);
  });

  it("returns every entry, in order, for an empty or blank query", () => {
    expect(ids(searchFaq(fr, "", "fr"))).toEqual(["delivery", "refund-policy", "cancel-order"]);
    expect(ids(searchFaq(fr, "   \n\t", "fr"))).toEqual(["delivery", "refund-policy", "cancel-order"]);
  });

  it("treats regex characters literally and never throws", () => {
    expect(() => searchFaq(fr, "(.*+?[\\", "fr")).not.toThrow();
    expect(searchFaq(fr, "(.*+?[\\", "fr")).toEqual([]);
    expect(searchFaq(fr, ".*", "fr")).toEqual([]);
    expect(() => searchFaq(fr, "[a](b) ${} ^$ | \\d+ (?<x>)", "fr")).not.toThrow();
  });

  it("handles a 10,000-character query quickly", () => {
    const long = "remboursement ".repeat(715).slice(0, 10_000);
    expect(long.length).toBe(10_000);
    const started = performance.now();
    expect(searchFaq(fr, long, "fr")[0]?.entry.id).toBe("refund-policy");
    expect(searchFaq(fr, "[".repeat(10_000), "fr")).toEqual([]);
    expect(searchFaq(fr, "x".repeat(10_000), "fr")).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("does not mutate its input and sees edits made to an entry", () => {
    const entries = en.map((entry) => ({ ...entry }));
    const before = JSON.stringify(entries);
    searchFaq(entries, "refund", "en");
    expect(JSON.stringify(entries)).toBe(before);
    const first = entries[0];
    if (first === undefined) throw new Error("fixture");
    first.answer = "Nothing here.";
    first.tags = ["general"];
    expect(ids(searchFaq(entries, "refund", "en"))).toEqual(["refund-policy"]);
  });

  it("returns the matched terms, to highlight the words as written", () => {
    const [hit] = searchFaq(fr, "remboursements", "fr");
    const terms = new Set(hit!.terms);
    expect(isMatchedWord("remboursement", terms, "fr")).toBe(true);
    expect(isMatchedWord("Remboursé", terms, "fr")).toBe(true);
    expect(isMatchedWord("politique", terms, "fr")).toBe(false);
  });
});
