import type { TFaqEntry } from "./faq-types";

/** Longest query (in characters) that is searched; the rest is ignored. */
export const MAX_QUERY_LENGTH = 200;

const LIGATURES: ReadonlyArray<readonly [string, string]> = [
  ["œ", "oe"],
  ["æ", "ae"],
  ["ß", "ss"],
];

/**
 * Folds text for accent- and case-insensitive matching:
 * Markdown links keep their text but lose their target (so a URL never matches),
 * Unicode NFD with combining marks removed, lower case, œ/æ/ß spelled out,
 * whitespace collapsed to single spaces and trimmed.
 */
export function normalizeForSearch(s: string): string {
  let out = s
    // [text](target) → text ; ![alt](src) → alt
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  for (const [from, to] of LIGATURES) out = out.split(from).join(to);
  return out.replace(/\s+/g, " ").trim();
}

/** Strips punctuation at both ends of a query word ("refund?" → "refund"); keeps the word if nothing would remain. */
function trimWord(word: string): string {
  const trimmed = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  return trimmed === "" ? word : trimmed;
}

/** The words of a query, normalized: trimmed, cut to MAX_QUERY_LENGTH characters, split on whitespace. */
export function queryWords(query: string): string[] {
  const cut = Array.from(query.trim()).slice(0, MAX_QUERY_LENGTH).join("");
  const normalized = normalizeForSearch(cut);
  if (normalized === "") return [];
  return normalized.split(" ").map(trimWord);
}

type TIndexed = { sourceQuestion: string; sourceAnswer: string; question: string; all: string };

/** Memoized normalized text per entry object; recomputed if the entry's text changed. */
const index = new WeakMap<TFaqEntry, TIndexed>();

function indexed(entry: TFaqEntry): TIndexed {
  const cached = index.get(entry);
  if (
    cached !== undefined &&
    cached.sourceQuestion === entry.question &&
    cached.sourceAnswer === entry.answer
  ) {
    return cached;
  }
  const question = normalizeForSearch(entry.question);
  const fresh: TIndexed = {
    sourceQuestion: entry.question,
    sourceAnswer: entry.answer,
    question,
    all: `${question}\n${normalizeForSearch(entry.answer)}`,
  };
  index.set(entry, fresh);
  return fresh;
}

/**
 * Entries whose question + answer contain every word of the query (plain substring
 * tests, never a RegExp built from the query). Entries with more query words in their
 * question come first; ties keep file order. An empty query returns every entry.
 */
export function searchFaq(entries: readonly TFaqEntry[], query: string): TFaqEntry[] {
  const words = queryWords(query);
  if (words.length === 0) return [...entries];

  const hits: Array<{ entry: TFaqEntry; score: number; order: number }> = [];
  entries.forEach((entry, order) => {
    const { question, all } = indexed(entry);
    if (!words.every((word) => all.includes(word))) return;
    const score = words.filter((word) => question.includes(word)).length;
    hits.push({ entry, score, order });
  });
  hits.sort((a, b) => b.score - a.score || a.order - b.order);
  return hits.map((hit) => hit.entry);
}
