import "server-only";
import {
  _createCache,
  _createIntlFormatters,
  createTranslator,
  type Locale,
  type Messages,
  type NamespaceKeys,
  type NestedKeyOf,
} from "use-intl/core";
import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import it from "@/messages/it.json";
import { FORMATS, TIME_ZONE } from "./config";

const CATALOGUES: Record<Locale, Messages> = { en, fr, it };

type TNamespace = NamespaceKeys<Messages, NestedKeyOf<Messages>>;
type TTranslator<N extends TNamespace> = ReturnType<typeof createTranslator<Messages, N>>;

// next-intl's own getTranslations keeps its compiled ICU messages (and the Intl formatters inside
// them) for one request only: a profile under load showed use-intl compiling the same messages on
// every request. The messages, formats and time zone are the same for every request, so each
// locale keeps one cache for the process, and each locale and namespace one translator. Bounded by
// the catalogue: a compiled message is keyed by its text, never by the values put in it.
const caches = new Map<Locale, ReturnType<typeof _createCache>>();
const formatters = new Map<Locale, ReturnType<typeof _createIntlFormatters>>();
const translators = new Map<string, unknown>();

/**
 * The translator of a namespace in a locale for a page or component, as next-intl's
 * `getTranslations({ locale, namespace })` (same catalogue, formats and time zone), built once per
 * process and reused by every request.
 */
export async function getTranslations<N extends TNamespace = never>(opts: {
  locale: Locale;
  namespace?: N;
}): Promise<TTranslator<N>> {
  return translator(opts);
}

/**
 * The same translator, synchronously: a component that awaits nothing else stays synchronous, and
 * React renders it inline instead of as a separate chunk of the page's RSC payload resolved later.
 */
export function translator<N extends TNamespace = never>(opts: {
  locale: Locale;
  namespace?: N;
}): TTranslator<N> {
  const { locale, namespace } = opts;
  const key = `${locale}\u0000${namespace ?? ""}`;
  let t = translators.get(key) as TTranslator<N> | undefined;
  if (!t) {
    let cache = caches.get(locale);
    if (!cache) {
      cache = _createCache();
      caches.set(locale, cache);
      formatters.set(locale, _createIntlFormatters(cache));
    }
    t = createTranslator<Messages, N>({
      locale,
      messages: CATALOGUES[locale],
      namespace,
      formats: FORMATS,
      timeZone: TIME_ZONE,
      _cache: cache,
      _formatters: formatters.get(locale)!,
    });
    translators.set(key, t);
  }
  return t;
}
