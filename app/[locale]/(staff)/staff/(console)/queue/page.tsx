import { getTranslations } from "@/lib/i18n/translations";
import { Notice } from "@/components/ui";
import { TextField } from "@/components/form/fields";
import { NoteForm } from "@/components/staff/note-form";
import { getDb } from "@/db/client";
import { noticeOf } from "@/lib/actions/notice";
import { codeMessages } from "@/lib/i18n/code-messages";
import { formatDate, formatMoney } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { pageLocale } from "@/lib/i18n/page-locale";
import { decideRequestAction } from "@/lib/staff/actions";
import { STAFF_CODES } from "@/lib/staff/errors";
import { listQueue } from "@/lib/staff/queue";
import { requireStaffPage } from "@/lib/staff/session";
import { env } from "@/lib/env";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** The review queue, oldest first: what the rules did not approve, with what it takes to decide. */
export default async function StaffQueuePage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const staff = await requireStaffPage(locale);
  const t = await getTranslations({ locale, namespace: "staff" });
  const messages = {
    ...codeMessages(STAFF_CODES.errors, (c) => t(`errors.${c}`)),
    ...codeMessages(STAFF_CODES.notices, (c) => t(`notices.${c}`)),
  };
  const notice = noticeOf(await searchParams, STAFF_CODES.notices);
  const { repeatRefunder } = env();
  const rows = await listQueue(await getDb(), staff, new Date(), repeatRefunder);
  const common = {
    noteLabel: t("note.label"),
    noteHint: t("queue.noteHint"),
    pending: t("pending"),
    messages,
  };
  return (
    <>
      <h1>{t("queue.title")}</h1>
      {notice ? <Notice tone="ok">{messages[notice]}</Notice> : null}
      {rows.length === 0 ? <p>{t("queue.empty")}</p> : null}
      {rows.map((r) => (
        <article key={r.id} className="card stack" aria-labelledby={`request-${r.id}`}>
          <h2 id={`request-${r.id}`} className="card-title">
            {t(`requests.kinds.${r.kind}`)}
            {r.orderNumber ? ` · ${r.orderNumber}` : null}
          </h2>
          <dl className="facts">
            <dt>{t("queue.customer")}</dt>
            <dd>
              {r.customerId ? (
                <Link href={`/staff/customers/${r.customerId}`}>{r.contactEmail}</Link>
              ) : (
                r.contactEmail
              )}
            </dd>
            <dt>{t("queue.filed")}</dt>
            <dd>
              {formatDate(r.createdAt, locale)} · {t("queue.waiting", { hours: r.hoursWaiting })}
            </dd>
            {r.amount !== null && r.currency ? (
              <>
                <dt>{t("cols.amount")}</dt>
                <dd>{formatMoney(r.amount, r.currency, locale)}</dd>
              </>
            ) : null}
            {r.daysPastWindow !== null ? (
              <>
                <dt>{t("queue.pastWindow")}</dt>
                <dd>{t("queue.days", { days: r.daysPastWindow })}</dd>
              </>
            ) : null}
            {r.lostAddress ? (
              <>
                <dt>{t("queue.oldEmail")}</dt>
                <dd>{r.lostAddress.oldEmail ?? "—"}</dd>
                <dt>{t("queue.ordersAtOld")}</dt>
                <dd>{r.lostAddress.ordersAtOld}</dd>
                {r.lostAddress.orderNumbers.length > 0 ? (
                  <>
                    <dt>{t("queue.claimedOrders")}</dt>
                    <dd>{r.lostAddress.orderNumbers.join(", ")}</dd>
                  </>
                ) : null}
                {r.lostAddress.purchaseDate ? (
                  <>
                    <dt>{t("queue.purchaseDate")}</dt>
                    <dd>{formatDate(new Date(`${r.lostAddress.purchaseDate}T00:00:00Z`), locale)}</dd>
                  </>
                ) : null}
                {r.lostAddress.amountText ? (
                  <>
                    <dt>{t("queue.amount")}</dt>
                    <dd>{r.lostAddress.amountText}</dd>
                  </>
                ) : null}
              </>
            ) : null}
            <dt>{t("cols.reason")}</dt>
            <dd>
              {r.reason ?? "—"}
              {r.reasonText ? ` · ${r.reasonText}` : null}
            </dd>
            <dt>{t("customer.recentRefunds", { months: repeatRefunder.months })}</dt>
            <dd>
              {r.recentRefunds}
              {r.isRepeatRefunder ? <strong>{` · ${t("queue.repeat")}`}</strong> : null}
            </dd>
          </dl>
          <div className="row">
            {r.kind === "refund_exception" ? (
              <NoteForm
                id={`approve-${r.id}`}
                action={decideRequestAction}
                hidden={{ requestId: r.id, decision: "approve" }}
                submit={t("queue.approve")}
                {...common}
              />
            ) : null}
            {r.kind === "lost_address" ? (
              <NoteForm
                id={`approve-${r.id}`}
                action={decideRequestAction}
                hidden={{ requestId: r.id, decision: "approve" }}
                submit={t("queue.approveAttach")}
                {...common}
              >
                <TextField
                  name="attachTo"
                  type="email"
                  label={t("queue.attachTo")}
                  hint={t("queue.attachHint")}
                  defaultValue={r.contactEmail}
                  autoComplete="off"
                  required
                />
              </NoteForm>
            ) : null}
            <NoteForm
              id={`decline-${r.id}`}
              action={decideRequestAction}
              hidden={{ requestId: r.id, decision: "decline" }}
              submit={t("queue.decline")}
              {...common}
            />
          </div>
        </article>
      ))}
    </>
  );
}
