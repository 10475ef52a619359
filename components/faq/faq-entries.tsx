import { getTranslations } from "@/lib/i18n/translations";
import type { ReactNode } from "react";
import { FAQ_TAGS, type TFaqEntry, type TFaqTag } from "@/lib/faq/faq-types";
import { isMatchedWord } from "@/lib/faq/search-faq";
import type { TLocale } from "@/lib/i18n/locale";
import { FaqAnswer } from "./faq-answer";

type TProps = {
  entries: TFaqEntry[];
  locale: TLocale;
  /** The whole FAQ: grouped by topic (an entry's first tag), every answer folded under its question. */
  grouped?: boolean;
  /** Search results: per entry id, the terms the search matched, whose words are put in <mark>. */
  terms?: ReadonlyMap<string, ReadonlySet<string>>;
};

/**
 * FAQ entries, one section and anchor each. Answers fold (`<details>`, no JavaScript needed): a
 * link to an entry's anchor unfolds it. Search results come unfolded, in their order.
 */
export async function FaqEntries({ entries, locale, grouped = false, terms }: TProps) {
  const t = await getTranslations({ locale, namespace: "faq" });
  if (!grouped) {
    return (
      <div className="faq-list">
        {entries.map((entry) => (
          <Entry
            key={entry.id}
            entry={entry}
            locale={locale}
            level={2}
            open
            permalink={t("permalink")}
            terms={terms?.get(entry.id)}
          />
        ))}
      </div>
    );
  }
  const groups = new Map<TFaqTag, TFaqEntry[]>();
  for (const entry of entries) {
    const tag = entry.tags[0] ?? "general";
    groups.set(tag, [...(groups.get(tag) ?? []), entry]);
  }
  return (
    <div className="faq-list">
      {FAQ_TAGS.filter((tag) => groups.has(tag)).map((tag) => (
        <section key={tag} aria-labelledby={`faq-group-${tag}`} className="faq-group">
          <h2 id={`faq-group-${tag}`}>{t(`groups.${tag}`)}</h2>
          {groups.get(tag)!.map((entry) => (
            <Entry key={entry.id} entry={entry} locale={locale} level={3} permalink={t("permalink")} />
          ))}
        </section>
      ))}
    </div>
  );
}

function Entry({
  entry,
  locale,
  level,
  open,
  permalink,
  terms,
}: {
  entry: TFaqEntry;
  locale: TLocale;
  level: 2 | 3;
  open?: boolean;
  permalink: string;
  terms?: ReadonlySet<string>;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  // The entry's id is on its answer, inside the disclosure: the browser opens a closed <details>
  // around the target of /faq#id (it does not when the target is the <details>' parent).
  return (
    <div className="faq-entry">
      <details open={open}>
        <summary>
          <Heading id={`${entry.id}-q`}>
            {terms ? highlight(entry.question, terms, locale) : entry.question}
          </Heading>
        </summary>
        <section id={entry.id} aria-labelledby={`${entry.id}-q`} className="faq-body">
          <FaqAnswer markdown={entry.answer} locale={locale} terms={terms} />
          <p>
            <a href={`/${locale}/faq#${entry.id}`} className="permalink">
              {permalink}
            </a>
          </p>
        </section>
      </details>
    </div>
  );
}

/** The words of a text that the search matched, in <mark>. */
function highlight(text: string, terms: ReadonlySet<string>, locale: TLocale): ReactNode[] {
  return text
    .split(/([\p{L}\p{N}]+)/u)
    .map((part, i) =>
      i % 2 === 1 && isMatchedWord(part, terms, locale) ? <mark key={i}>{part}</mark> : part,
    );
}
