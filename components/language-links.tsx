"use client";

import { usePathname } from "next/navigation";
import { publicPathOf } from "@/lib/http/signed-in-twin";

type TLanguage = { locale: string; name: string; current: string };

/**
 * The language links of the current page. A client component only for the path (the layout does
 * not know it, and the pages rendered once serve every path of theirs); the words come translated
 * from the server. Plain links: the proxy moves the locale cookie to the new language.
 */
export function LanguageLinks({ locale, languages }: { locale: string; languages: TLanguage[] }) {
  const pathname = publicPathOf(usePathname());
  const rest = pathname.replace(new RegExp(`^/${locale}(?=/|$)`), "");
  return (
    <ul>
      {languages.map((l) => (
        <li key={l.locale}>
          {l.locale === locale ? (
            <span aria-current="true" title={l.current}>
              {l.name}
            </span>
          ) : (
            <a href={`/${l.locale}${rest}`} hrefLang={l.locale} lang={l.locale}>
              {l.name}
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}
