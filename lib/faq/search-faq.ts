import MiniSearch, { type Query, type SearchResult } from "minisearch";
import { stemmer as englishStemmer } from "@orama/stemmers/english";
import { stemmer as frenchStemmer } from "@orama/stemmers/french";
import { stemmer as italianStemmer } from "@orama/stemmers/italian";
import type { TLocale } from "@/lib/i18n/locale";
import type { TFaqEntry } from "./faq-types";
import { STOP_WORDS, SYNONYMS, TOPIC_WORDS } from "./search-words";

/**
 * The FAQ search: MiniSearch (BM25 ranking, prefix and fuzzy matching) over words folded
 * (accents, case, ligatures) and stemmed per language (Snowball stemmers from @orama/stemmers),
 * with the glossary's synonyms and each entry's topic as extra words. One index per locale and
 * FAQ text, built on first use and kept for the process.
 */

/** Longest query (in characters) that is searched; the rest is ignored. */
export const MAX_QUERY_LENGTH = 200;
/** Most query words searched; a query is a few words, not a paragraph. */
const MAX_QUERY_WORDS = 12;

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

/** The words of a text, folded: letters and digits; apostrophes, hyphens and punctuation split words. */
export function wordsOf(text: string): string[] {
  return normalizeForSearch(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The words of a query, folded: cut to MAX_QUERY_LENGTH characters and MAX_QUERY_WORDS words. */
export function queryWords(query: string): string[] {
  const cut = Array.from(query.trim()).slice(0, MAX_QUERY_LENGTH).join("");
  return wordsOf(cut).slice(0, MAX_QUERY_WORDS);
}

const STEMMERS: Record<TLocale, (word: string) => string> = {
  en: englishStemmer,
  fr: frenchStemmer,
  it: italianStemmer,
};

/** A folded word as the index holds it: stemmed, or null for a stop word or a lone letter. */
export function termOf(word: string, locale: TLocale): string | null {
  if (word.length < 2 && !/\d/.test(word)) return null;
  if (STOP_WORDS[locale].has(word)) return null;
  return STEMMERS[locale](word);
}

/** Per locale: a term → the terms of its synonym group (itself included). */
const synonymTerms = new Map<TLocale, Map<string, string[]>>();

function synonymsOf(term: string, locale: TLocale): string[] {
  let map = synonymTerms.get(locale);
  if (!map) {
    map = new Map();
    for (const group of SYNONYMS[locale]) {
      const terms = [...new Set(group.flatMap((w) => wordsOf(w).map((x) => termOf(x, locale))))].filter(
        (t): t is string => t !== null,
      );
      for (const t of terms) map.set(t, [...new Set([...(map.get(t) ?? []), ...terms])]);
    }
    synonymTerms.set(locale, map);
  }
  return map.get(term) ?? [term];
}

type TDoc = { id: string; question: string; answer: string; topic: string };

type TIndex = { search: MiniSearch<TDoc>; entries: Map<string, TFaqEntry> };

const MAX_INDEXES = 12;
const indexes = new Map<string, TIndex>();

function indexFor(entries: readonly TFaqEntry[], locale: TLocale): TIndex {
  // Keyed by the text itself: the same FAQ (after the settings are filled in) is indexed once.
  const key = `${locale}\u0000${entries.map((e) => `${e.id}\u0001${e.question}\u0001${e.answer}`).join("\u0002")}`;
  let index = indexes.get(key);
  if (!index) {
    const search = new MiniSearch<TDoc>({
      fields: ["question", "answer", "topic"],
      tokenize: (text) => wordsOf(text),
      // The stem, and the word as written when it differs: "subscripton" is close to "subscription",
      // not to its stem.
      processTerm: (word) => {
        const term = termOf(word, locale);
        return term === null || term === word ? term : [term, word];
      },
    });
    search.addAll(
      entries.map((e) => ({
        id: e.id,
        question: e.question,
        answer: e.answer,
        topic: e.tags.map((tag) => TOPIC_WORDS[locale][tag]).join(" "),
      })),
    );
    index = { search, entries: new Map(entries.map((e) => [e.id, e])) };
    if (indexes.size >= MAX_INDEXES) indexes.clear();
    indexes.set(key, index);
  }
  return index;
}

export type TFaqHit = {
  entry: TFaqEntry;
  /** The index terms (stems) the entry matched, for highlighting (see isMatchedWord). */
  terms: string[];
};

/**
 * Entries matching every word of the query (each word by its stem, a synonym, a prefix or a close
 * spelling), best first: the question weighs more than the topic, the topic more than the answer.
 * If no entry matches every word, entries matching some words, best first. An empty query returns
 * every entry in file order; a query of stop words only, none. Never builds a RegExp from the query.
 */
export function searchFaq(entries: readonly TFaqEntry[], query: string, locale: TLocale): TFaqHit[] {
  if (query.trim() === "") return entries.map((entry) => ({ entry, terms: [] }));
  const words = queryWords(query);
  const perWord: Query[] = [];
  for (const word of words) {
    const term = termOf(word, locale);
    if (term === null) continue;
    const synonyms = synonymsOf(term, locale).filter((t) => t !== term);
    // The word as typed, stemmed and unstemmed: prefix ("licen") and close spellings ("abonement");
    // its synonyms: exact only, and worth a little less.
    const typed: Query = {
      combineWith: "OR",
      queries: [...new Set([term, word])],
      prefix: (t) => t.length >= 3,
      fuzzy: (t) => (t.length >= 8 ? 2 : t.length >= 4 ? 1 : false),
    };
    perWord.push(
      synonyms.length === 0
        ? typed
        : {
            combineWith: "OR",
            queries: [typed, { combineWith: "OR", queries: synonyms, boostTerm: () => 0.6 }],
          },
    );
  }
  if (perWord.length === 0) return [];
  const index = indexFor(entries, locale);
  const run = (combineWith: "AND" | "OR"): SearchResult[] =>
    index.search.search(
      { combineWith, queries: perWord },
      {
        tokenize: (s) => [s],
        processTerm: (t) => t,
        boost: { question: 3, topic: 2, answer: 1 },
        maxFuzzy: 2,
      },
    );
  let results = run("AND");
  if (results.length === 0 && perWord.length > 1) results = run("OR");
  return results.map((r) => ({ entry: index.entries.get(r.id as string)!, terms: r.terms }));
}

/** Whether a word of the text (as written) is one the search matched, for <mark>. */
export function isMatchedWord(word: string, terms: ReadonlySet<string>, locale: TLocale): boolean {
  if (terms.size === 0) return false;
  const folded = wordsOf(word);
  return folded.some((w) => {
    const term = termOf(w, locale);
    return term !== null && (terms.has(term) || terms.has(w));
  });
}
