import { getTranslations } from "next-intl/server";
import type { TLocale } from "@/db/schema/shared";
import type { TFaqEntry } from "@/lib/faq/faq-types";
import { FaqAnswer } from "./faq-answer";

/** FAQ entries, one section and anchor each. */
export async function FaqEntries({ entries, locale }: { entries: TFaqEntry[]; locale: TLocale }) {
  const t = await getTranslations({ locale, namespace: "faq" });
  return (
    <div className="faq-list">
      {entries.map((entry) => (
        <section key={entry.id} id={entry.id} aria-labelledby={`${entry.id}-q`} className="faq-entry">
          <h2 id={`${entry.id}-q`}>
            {entry.question}{" "}
            <a href={`#${entry.id}`} className="permalink" aria-label={t("permalink")}>
              #
            </a>
          </h2>
          <FaqAnswer markdown={entry.answer} locale={locale} />
        </section>
      ))}
    </div>
  );
}
