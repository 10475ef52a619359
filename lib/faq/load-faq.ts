import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { TLocale } from "@/db/schema/shared";
import { isLocale } from "@/lib/i18n/routing";
import type { TFaqEntry } from "./faq-types";
import { parseFaq } from "./parse-faq";

export { interpolateFaq, interpolateFaqEntry, type TFaqSettings } from "./interpolate-faq";

const cache = new Map<TLocale, readonly TFaqEntry[]>();

export function faqFilePath(locale: TLocale): string {
  return path.join(process.cwd(), "content", "faq", `${locale}.md`);
}

/**
 * The FAQ entries of a locale, in file order, with the placeholders left in place
 * (see interpolateFaq). Read and parsed once per process; throws if the file is malformed.
 */
export function getFaq(locale: TLocale): TFaqEntry[] {
  if (!isLocale(locale)) throw new Error(`Unknown FAQ locale: ${String(locale)}`);
  let entries = cache.get(locale);
  if (entries === undefined) {
    const file = faqFilePath(locale);
    const source = fs.readFileSync(file, "utf8");
    try {
      entries = parseFaq(source).map((entry) => {
        Object.freeze(entry.tags);
        return Object.freeze(entry);
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${path.relative(process.cwd(), file)}: ${message}`, { cause: error });
    }
    cache.set(locale, entries);
  }
  // A fresh array each call, so a caller sorting or filtering in place cannot disturb the cache.
  return [...entries];
}
