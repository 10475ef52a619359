import { getTranslations } from "next-intl/server";
import { FAQ_TAGS, type TFaqEntry, type TFaqTag } from "@/lib/faq/faq-types";
import type { TLocale } from "@/lib/i18n/locale";
import { FaqAnswer } from "./faq-answer";

type TProps = {
  entries: TFaqEntry[];
  locale: TLocale;
  /** The whole FAQ: grouped by topic (an entry's first tag), every answer folded under its question. */
  grouped?: boolean;
};

/**
 * FAQ entries, one section and anchor each. Answers fold (`<details>`, no JavaScript needed): a
 * link to an entry's anchor unfolds it. Search results come unfolded, in their order.
 */
export async function FaqEntries({ entries, locale, grouped = false }: TProps) {
  const t = await getTranslations({ locale, namespace: "faq" });
  if (!grouped) {
    return (
      <div className="faq-list">
        {entries.map((entry) => (
          <Entry key={entry.id} entry={entry} locale={locale} level={2} open permalink={t("permalink")} />
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
}: {
  entry: TFaqEntry;
  locale: TLocale;
  level: 2 | 3;
  open?: boolean;
  permalink: string;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section id={entry.id} aria-labelledby={`${entry.id}-q`} className="faq-entry">
      <details open={open}>
        <summary>
          <Heading id={`${entry.id}-q`}>{entry.question}</Heading>
        </summary>
        <div className="faq-body">
          <FaqAnswer markdown={entry.answer} locale={locale} />
          <p>
            <a href={`#${entry.id}`} className="permalink">
              {permalink}
            </a>
          </p>
        </div>
      </details>
    </section>
  );
}
