import type { TFaqEntry, TFaqTag } from "./faq-types";

/**
 * The entries tagged with `tag`, in file order; at most `limit` of them when a limit is given
 * (a limit of 0 or less gives none).
 */
export function faqForFlow(entries: readonly TFaqEntry[], tag: TFaqTag, limit?: number): TFaqEntry[] {
  const tagged = entries.filter((entry) => entry.tags.includes(tag));
  if (limit === undefined) return tagged;
  const max = Math.floor(limit);
  if (!(max > 0)) return [];
  return tagged.slice(0, max);
}
