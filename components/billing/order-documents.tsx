import { translator } from "@/lib/i18n/translations";
import type { TLocale } from "@/lib/i18n/locale";
import { formatDate, formatMoney } from "@/lib/i18n/format";
import type { TDocumentLink } from "@/lib/invoices/queries";

type TProps = { locale: TLocale; documents: TDocumentLink[] };

/** The order's invoices and credit notes, each a PDF download. */
export function OrderDocuments({ locale, documents }: TProps) {
  if (documents.length === 0) return null;
  const t = translator({ locale, namespace: "billing" });
  const tDoc = translator({ locale, namespace: "document" });
  return (
    <section aria-labelledby="documents-title" className="order-documents">
      <h2 id="documents-title">{t("documentsTitle")}</h2>
      <ul className="plain">
        {documents.map((d) => (
          <li key={d.id}>
            <a href={`/${locale}/documents/${d.id}`} download={`${d.number}.pdf`}>
              {t("download", { kind: tDoc(d.kind), number: d.number })}
            </a>{" "}
            · <time dateTime={d.issuedAt.toISOString()}>{formatDate(d.issuedAt, locale)}</time> ·{" "}
            {d.kind === "credit_note" ? "−" : ""}
            {formatMoney(d.total, d.currency, locale)}
          </li>
        ))}
      </ul>
    </section>
  );
}
