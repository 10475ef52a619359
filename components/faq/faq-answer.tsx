import type { TLocale } from "@/db/schema/shared";
import Markdown, { type Components } from "react-markdown";

/**
 * Renders an FAQ answer. Raw HTML in the Markdown is dropped (`skipHtml`), and
 * portal links written without a locale ("/licenses") get the reader's locale.
 */
export function FaqAnswer({ markdown, locale }: { markdown: string; locale: TLocale }) {
  const components: Components = {
    a: ({ href, children }) => {
      const isPortalPath = typeof href === "string" && href.startsWith("/") && !href.startsWith("//");
      if (isPortalPath) return <a href={`/${locale}${href}`}>{children}</a>;
      return (
        <a href={href} rel="noopener noreferrer">
          {children}
        </a>
      );
    },
    // Answers sit under a question heading; keep their headings below it.
    h1: ({ children }) => <p className="faq-subheading">{children}</p>,
    h2: ({ children }) => <p className="faq-subheading">{children}</p>,
  };
  return (
    <div className="faq-answer">
      <Markdown skipHtml components={components} urlTransform={safeUrl}>
        {markdown}
      </Markdown>
    </div>
  );
}

/** Only web, mail and in-site links survive; `javascript:` and the like are removed. */
function safeUrl(url: string): string {
  return /^(https?:|mailto:|\/(?!\/)|#)/i.test(url) ? url : "";
}
