import type { Element, ElementContent, Root } from "hast";
import type { ReactElement } from "react";
import type { TLocale } from "@/lib/i18n/locale";
import Markdown, { type Components } from "react-markdown";
import { isMatchedWord } from "@/lib/faq/search-faq";
import { allowedUrl } from "@/lib/http/safe-url";

// Parsing and rendering Markdown is the costliest step of the FAQ panel and page: each answer
// is turned into React elements once per process and locale, then the same (immutable) elements
// are reused by every request. The answers come from the FAQ files and the vendor settings only,
// so the cache holds at most every answer once per locale; the bound is a safety net.
const MAX_CACHED = 2000;
const rendered = new Map<string, ReactElement>();
const componentsByLocale = new Map<string, Components>();

/**
 * Renders an FAQ answer. Raw HTML in the Markdown is dropped (`skipHtml`), and
 * portal links written without a locale ("/licenses") get the reader's locale.
 * With `terms` (a search's matched terms), the matched words are put in <mark>; such
 * renderings depend on the query and are not cached.
 */
export function FaqAnswer({
  markdown,
  locale,
  terms,
}: {
  markdown: string;
  locale: TLocale;
  terms?: ReadonlySet<string>;
}) {
  if (terms && terms.size > 0) {
    return (
      <div className="faq-answer">
        {Markdown({
          children: markdown,
          skipHtml: true,
          components: componentsFor(locale),
          urlTransform: safeUrl,
          rehypePlugins: [markMatches(terms, locale)],
        })}
      </div>
    );
  }
  const key = `${locale}\u0000${markdown}`;
  let element = rendered.get(key);
  if (!element) {
    // react-markdown's default export is a plain synchronous function of its props.
    element = (
      <div className="faq-answer">
        {Markdown({
          children: markdown,
          skipHtml: true,
          components: componentsFor(locale),
          urlTransform: safeUrl,
        })}
      </div>
    );
    if (rendered.size >= MAX_CACHED) rendered.clear();
    rendered.set(key, element);
  }
  return element;
}

function componentsFor(locale: string): Components {
  let components = componentsByLocale.get(locale);
  if (!components) {
    components = {
      a: ({ href, children }) => {
        const isPortalPath = typeof href === "string" && href.startsWith("/") && !href.startsWith("//");
        if (isPortalPath) return <a href={`/${locale}${href}`}>{children}</a>;
        // Any other link passes the allow-list; a refused one is left as its text.
        const external = allowedUrl(href);
        if (!external) return <>{children}</>;
        return (
          <a href={external} rel="noopener noreferrer">
            {children}
          </a>
        );
      },
      // Answers sit under a question heading; keep their headings below it.
      h1: ({ children }) => <p className="faq-subheading">{children}</p>,
      h2: ({ children }) => <p className="faq-subheading">{children}</p>,
    };
    componentsByLocale.set(locale, components);
  }
  return components;
}

/** Only web, mail and in-site links survive; `javascript:` and the like are removed. */
function safeUrl(url: string): string {
  return /^(https?:|mailto:|\/(?!\/)|#)/i.test(url) ? url : "";
}

/** A rehype plugin: the words of text nodes that the search matched, wrapped in <mark>. */
function markMatches(terms: ReadonlySet<string>, locale: TLocale) {
  const split = (value: string): ElementContent[] =>
    value.split(/([\p{L}\p{N}]+)/u).flatMap((part, i): ElementContent[] => {
      if (part === "") return [];
      if (i % 2 === 1 && isMatchedWord(part, terms, locale)) {
        return [
          { type: "element", tagName: "mark", properties: {}, children: [{ type: "text", value: part }] },
        ];
      }
      return [{ type: "text", value: part }];
    });
  const visit = (node: Root | Element) => {
    const children: Array<Root["children"][number]> = node.children;
    node.children = children.flatMap((child): Array<Root["children"][number]> => {
      if (child.type === "text") return split(child.value);
      if (child.type === "element") visit(child);
      return [child];
    }) as typeof node.children;
  };
  return () => (tree: Root) => visit(tree);
}
