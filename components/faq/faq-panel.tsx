import { translator } from "@/lib/i18n/translations";
import { interpolateFaqEntry } from "@/lib/faq/interpolate-faq";
import type { TLocale } from "@/lib/i18n/locale";
import type { TFaqFlowTag } from "@/lib/faq/faq-types";
import { getFaq } from "@/lib/faq/load-faq";
import { faqForFlow } from "@/lib/faq/select-faq";
import { Link } from "@/lib/i18n/navigation";
import { vendor } from "@/lib/vendor";
import { FaqAnswer } from "./faq-answer";

/** The FAQ entries tagged for a flow, beside each step of it. Disclosure widgets: no JavaScript needed. */
export function FaqPanel({ locale, tag, limit = 4 }: { locale: TLocale; tag: TFaqFlowTag; limit?: number }) {
  const t = translator({ locale, namespace: "faq" });
  const v = vendor();
  const entries = faqForFlow(getFaq(locale), tag, limit).map((e) =>
    interpolateFaqEntry(e, { vendorName: v.name, supportEmail: v.supportEmail }),
  );
  if (entries.length === 0) return null;
  return (
    <aside className="faq-panel" aria-labelledby={`faq-panel-${tag}`}>
      <h2 id={`faq-panel-${tag}`}>{t("panelTitle")}</h2>
      {entries.map((entry) => (
        <details key={entry.id}>
          <summary>{entry.question}</summary>
          <FaqAnswer markdown={entry.answer} locale={locale} />
        </details>
      ))}
      <p>
        <Link href="/faq">{t("allQuestions")}</Link>
      </p>
    </aside>
  );
}
