import { translator } from "@/lib/i18n/translations";
import type { TLocale } from "@/lib/i18n/locale";
import { formatDate } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import type { TCustomerRequest } from "@/lib/support/queries";

const BADGE = { open: "", approved: "active", declined: "expired" } as const;

/**
 * The customer's requests to support and where each stands (open, approved, declined), so a
 * request never vanishes: on the order page (that order's) and the account page (all of them).
 * Renders nothing when there are none.
 */
export function SupportRequests({
  requests,
  locale,
  showOrder = false,
}: {
  requests: TCustomerRequest[];
  locale: TLocale;
  showOrder?: boolean;
}) {
  if (requests.length === 0) return null;
  const t = translator({ locale, namespace: "supportRequests" });
  return (
    <section aria-labelledby="support-requests-title" id="support-requests">
      <h2 id="support-requests-title">{t("title")}</h2>
      <ul className="plain">
        {requests.map((r) => (
          <li key={r.id} data-request-status={r.status}>
            <span className="product">{t(`kinds.${r.kind}`)}</span>
            {showOrder && r.orderNumber ? (
              <>
                {" · "}
                <Link href={`/orders/${r.orderNumber}`}>{r.orderNumber}</Link>
              </>
            ) : null}
            {r.oldEmail ? ` · ${r.oldEmail}` : ""} · {t("filed", { date: formatDate(r.createdAt, locale) })} ·{" "}
            <span className={`badge ${BADGE[r.status]}`}>{t(`statuses.${r.status}`)}</span>
            <br />
            <span className="hint">
              {r.status === "open"
                ? t("openHint")
                : t("decidedHint", { date: formatDate(r.decidedAt ?? r.createdAt, locale) })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
