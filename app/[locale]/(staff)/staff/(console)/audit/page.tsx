import { getTranslations } from "@/lib/i18n/translations";
import { getDb } from "@/lib/db";
import { formatDateTime } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { pageLocale } from "@/lib/i18n/page-locale";
import { ACTOR_TYPES, listAuditLog, ZAuditFilter, type TAuditFilter } from "@/lib/staff/audit-log";
import { requireStaffPage } from "@/lib/staff/session";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The filters as a query string (empty ones left out), for the pages and the CSV link. */
function queryOf(f: TAuditFilter, page?: number): string {
  const q = new URLSearchParams();
  for (const key of ["actorType", "actor", "customer", "action", "from", "to"] as const)
    if (f[key]) q.set(key, f[key]);
  if (page && page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Every money, license and identity action, newest first: who, what, about whom, when, and why. */
export default async function StaffAuditPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const staff = await requireStaffPage(locale);
  const t = await getTranslations({ locale, namespace: "staff.audit" });
  const sp = Object.fromEntries(
    Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  );
  const filter = ZAuditFilter.parse(sp);
  const { rows, hasNext } = await listAuditLog(await getDb(), staff, filter);
  const labels = { actor: t("filters.actor"), customer: t("filters.customer"), action: t("filters.what") };
  const hints = {
    actor: t("filters.actorHint"),
    customer: t("filters.customerHint"),
    action: t("filters.whatHint", { example: "refund." }),
  };
  const field = (name: "actor" | "customer" | "action", type: "text" | "search" = "text") => (
    <div className="field">
      <label htmlFor={`audit-${name}`}>{labels[name]}</label>
      <p id={`audit-${name}-hint`} className="hint">
        {hints[name]}
      </p>
      <input
        id={`audit-${name}`}
        name={name}
        type={type}
        defaultValue={filter[name] ?? ""}
        aria-describedby={`audit-${name}-hint`}
      />
    </div>
  );
  return (
    <>
      <h1>{t("title")}</h1>
      <form method="get" className="stack" aria-label={t("filters.label")}>
        <div className="row">
          <div className="field">
            <label htmlFor="audit-actor-type">{t("filters.actorType")}</label>
            <select id="audit-actor-type" name="actorType" defaultValue={filter.actorType ?? ""}>
              <option value="">{t("filters.anyActor")}</option>
              {ACTOR_TYPES.map((a) => (
                <option key={a} value={a}>
                  {t(`actors.${a}`)}
                </option>
              ))}
            </select>
          </div>
          {field("actor")}
          {field("customer")}
          {field("action")}
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="audit-from">{t("filters.from")}</label>
            <input id="audit-from" name="from" type="date" defaultValue={filter.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="audit-to">{t("filters.to")}</label>
            <input id="audit-to" name="to" type="date" defaultValue={filter.to ?? ""} />
          </div>
        </div>
        <div className="row">
          <button type="submit">{t("filters.submit")}</button>
          <a href={`/${locale}/staff/audit/export${queryOf(filter)}`} download>
            {t("export")}
          </a>
        </div>
      </form>
      {rows.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("table")}>
          <table>
            <caption>{t("table")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("cols.at")}</th>
                <th scope="col">{t("cols.actor")}</th>
                <th scope="col">{t("cols.what")}</th>
                <th scope="col">{t("cols.subject")}</th>
                <th scope="col">{t("cols.note")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.at, locale)}</td>
                  <td>
                    {t(`actors.${r.actorType}`)}
                    {(r.actorEmail ?? r.actorId) ? ` · ${r.actorEmail ?? r.actorId}` : null}
                  </td>
                  <td>
                    <code>{r.action}</code>
                  </td>
                  <td>
                    {r.subjectType === "customer" ? (
                      <Link href={`/staff/customers/${r.subjectId}`}>{r.subjectId}</Link>
                    ) : (
                      `${r.subjectType} ${r.subjectId}`
                    )}
                  </td>
                  <td>{r.note ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {filter.page > 1 || hasNext ? (
        <nav aria-label={t("pages")} className="row">
          {filter.page > 1 ? (
            <Link href={`/staff/audit${queryOf(filter, filter.page - 1)}`}>{t("previous")}</Link>
          ) : null}
          {hasNext ? <Link href={`/staff/audit${queryOf(filter, filter.page + 1)}`}>{t("next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
