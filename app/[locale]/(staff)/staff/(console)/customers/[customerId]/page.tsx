import { getTranslations } from "@/lib/i18n/translations";
import { Notice } from "@/components/ui";
import { notFound } from "next/navigation";
import { NoteForm } from "@/components/staff/note-form";
import { getDb } from "@/lib/db";
import { noticeOf } from "@/lib/actions/notice";
import { codeMessages } from "@/lib/i18n/code-messages";
import { formatDate, formatDateTime, formatMoney } from "@/lib/i18n/format";
import { Link } from "@/lib/i18n/navigation";
import { pageLocale } from "@/lib/i18n/page-locale";
import {
  refundItemForAction,
  regenerateKeyForAction,
  resendKeysForAction,
  setPlanForAction,
} from "@/lib/staff/actions";
import { STAFF_CODES } from "@/lib/staff/errors";
import { customerOverview } from "@/lib/staff/lookup";
import { requireStaffPage } from "@/lib/staff/session";
import { env } from "@/lib/env";

type TProps = {
  params: Promise<{ locale: string; customerId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** One customer on one page: what they bought, hold, pay for, got back, asked, and were sent. */
export default async function StaffCustomerPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const { customerId } = await params;
  const staff = await requireStaffPage(locale);
  const { repeatRefunder } = env();
  const view = await customerOverview(await getDb(), staff, customerId, locale, new Date(), repeatRefunder);
  if (!view) notFound();
  const t = await getTranslations({ locale, namespace: "staff" });
  const messages = {
    ...codeMessages(STAFF_CODES.errors, (c) => t(`errors.${c}`)),
    ...codeMessages(STAFF_CODES.notices, (c) => t(`notices.${c}`)),
  };
  const notice = noticeOf(await searchParams, STAFF_CODES.notices);
  const status = (s: string) => (t.has(`statuses.${s}` as never) ? t(`statuses.${s}` as never) : s);
  const common = { noteLabel: t("note.label"), noteHint: t("note.hint"), pending: t("pending"), messages };
  const hiddenBase = { customerId: view.customer.id };
  return (
    <>
      <p>
        <Link href="/staff">{t("lookup.back")}</Link>
      </p>
      <h1>{view.customer.email}</h1>
      {notice ? <Notice tone="ok">{messages[notice]}</Notice> : null}
      {view.isRepeatRefunder ? (
        <Notice tone="warn" quiet>
          {t("repeatRefunder", { count: view.recentRefunds, months: repeatRefunder.months })}
        </Notice>
      ) : null}
      <dl className="facts">
        <dt>{t("customer.language")}</dt>
        <dd>{t(`customer.languages.${view.customer.locale as "en" | "fr" | "it"}`)}</dd>
        <dt>{t("customer.country")}</dt>
        <dd>{view.customer.country ?? "—"}</dd>
        <dt>{t("customer.recentRefunds", { months: repeatRefunder.months })}</dt>
        <dd>{view.recentRefunds}</dd>
      </dl>

      <h2>{t("keys.title")}</h2>
      <NoteForm
        id="resend-keys-for"
        action={resendKeysForAction}
        hidden={hiddenBase}
        submit={t("keys.resend")}
        {...common}
      />

      <h2>{t("orders.title")}</h2>
      {view.orders.length === 0 ? <p>{t("empty")}</p> : null}
      {view.orders.map((o) => (
        <section key={o.id} className="card stack" aria-labelledby={`order-${o.id}`}>
          <h3 id={`order-${o.id}`} className="card-title">
            {o.orderNumber} · {formatDate(o.paidAt, locale)} · {status(o.status)}
          </h3>
          <p>
            {t("orders.total", {
              total: formatMoney(o.total, o.currency, locale),
              refunded: formatMoney(o.refunded, o.currency, locale),
            })}
            {o.purchaseEmail !== view.customer.email ? ` · ${o.purchaseEmail}` : null}
          </p>
          <ul className="plain">
            {o.items.map((i) => (
              <li key={i.id}>
                {i.productName} × {i.quantity} · {formatMoney(i.total, o.currency, locale)} ·{" "}
                {status(i.status)} · {i.isWithinWindow ? t("orders.inWindow") : t("orders.pastWindow")}
                {i.status === "active" ? (
                  <details>
                    <summary>{t("orders.refundItem", { product: i.productName })}</summary>
                    <NoteForm
                      id={`refund-${i.id}`}
                      action={refundItemForAction}
                      hidden={{ ...hiddenBase, itemId: i.id }}
                      submit={t("orders.refundSubmit")}
                      {...common}
                    />
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}

      <h2>{t("licenses.title")}</h2>
      {view.licenses.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <ul className="plain">
          {view.licenses.map((l) => (
            <li key={l.id}>
              {l.productName} · <code>{l.key}</code> · {status(l.status)} · {l.orderNumber}
              {l.status === "active" ? (
                <details>
                  <summary>{t("licenses.regenerate", { product: l.productName })}</summary>
                  <NoteForm
                    id={`regenerate-${l.id}`}
                    action={regenerateKeyForAction}
                    hidden={{ ...hiddenBase, licenseId: l.id }}
                    submit={t("licenses.regenerateSubmit")}
                    {...common}
                  />
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      <h2>{t("plans.title")}</h2>
      {view.plans.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <ul className="plain">
          {view.plans.map((p) => {
            const step = p.cancelAtPeriodEnd ? "resume" : "cancel";
            const live =
              !p.endedAt && (p.status === "active" || p.status === "trialing" || p.status === "past_due");
            return (
              <li key={p.id}>
                {p.productName} · {status(p.status)} ·{" "}
                {t(p.cancelAtPeriodEnd ? "plans.endsOn" : "plans.renewsOn", {
                  date: formatDate(p.currentPeriodEnd, locale),
                })}
                {live ? (
                  <details>
                    <summary>{t(`plans.${step}`, { product: p.productName })}</summary>
                    <NoteForm
                      id={`plan-${p.id}`}
                      action={setPlanForAction}
                      hidden={{ ...hiddenBase, subscriptionId: p.id, step }}
                      submit={t(`plans.${step}Submit`)}
                      {...common}
                    />
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}

      <h2>{t("refunds.title")}</h2>
      {view.refunds.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <caption className="visually-hidden">{t("refunds.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("cols.date")}</th>
                <th scope="col">{t("cols.order")}</th>
                <th scope="col">{t("cols.amount")}</th>
                <th scope="col">{t("cols.status")}</th>
                <th scope="col">{t("cols.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {view.refunds.map((r) => (
                <tr key={r.id}>
                  <td data-label={t("cols.date")}>{formatDate(r.requestedAt, locale)}</td>
                  <td data-label={t("cols.order")}>{r.orderNumber}</td>
                  <td className="num" data-label={t("cols.amount")}>
                    {formatMoney(r.amount, r.currency, locale)}
                  </td>
                  <td data-label={t("cols.status")}>{status(r.status)}</td>
                  <td data-label={t("cols.reason")}>{r.reasonCode ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>{t("swaps.title")}</h2>
      {view.swaps.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <ul className="plain">
          {view.swaps.map((s) => (
            <li key={s.id}>
              {formatDate(s.createdAt, locale)} · {status(s.status)}
            </li>
          ))}
        </ul>
      )}

      <h2>{t("requests.title")}</h2>
      {view.requests.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <ul className="plain">
          {view.requests.map((r) => (
            <li key={r.id}>
              {formatDate(r.createdAt, locale)} · {t(`requests.kinds.${r.kind}`)} · {status(r.status)}
            </li>
          ))}
        </ul>
      )}

      <h2>{t("mails.title")}</h2>
      {view.mails.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="responsive">
            <caption className="visually-hidden">{t("mails.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("cols.date")}</th>
                <th scope="col">{t("cols.subject")}</th>
                <th scope="col">{t("cols.status")}</th>
              </tr>
            </thead>
            <tbody>
              {view.mails.map((m) => (
                <tr key={m.id}>
                  <td data-label={t("cols.date")}>{formatDateTime(m.createdAt, locale)}</td>
                  <td data-label={t("cols.subject")}>{m.subject}</td>
                  <td data-label={t("cols.status")}>{status(m.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
