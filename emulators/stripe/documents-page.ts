// Minimal receipt (`charge.receipt_url`) and hosted invoice (`invoice.hosted_invoice_url`) pages.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Core } from "./core";
import { escapeHtml, sendHtml } from "./http-util";
import { formatAmount } from "./money";
import { pageShell } from "./hosted-checkout-page";
import { pickLanguage, textFor } from "./page-text";
import { rateLabel } from "./tax";

const LOCALES: Record<string, string> = { en: "en-US", fr: "fr-FR", it: "it-IT" };

export function handleDocumentPage(
  core: Core,
  req: IncomingMessage,
  res: ServerResponse,
  kind: "receipts" | "invoices",
  id: string,
): void {
  const lang = pickLanguage(null, req.headers["accept-language"]);
  const t = textFor(lang);
  const locale = LOCALES[lang] ?? "en-US";
  const date = (ts: number) =>
    escapeHtml(new Date(ts * 1000).toLocaleDateString(locale, { timeZone: "UTC" }));
  if (kind === "receipts") {
    const ch = core.state.charges[id];
    if (!ch) return sendHtml(res, 404, pageShell(lang, "Not found", "<h1>Not found</h1>"));
    const refunded = ch.amount_refunded
      ? `<p>${escapeHtml(t.refunded)}: ${escapeHtml(formatAmount(ch.amount_refunded, ch.currency, locale))}</p>`
      : "";
    const card = ch.payment_method_details?.card;
    return sendHtml(
      res,
      200,
      pageShell(
        lang,
        t.receipt,
        `<h1>${escapeHtml(t.receipt)}</h1><section><p>${date(ch.created)}</p><p><strong>${escapeHtml(formatAmount(ch.amount, ch.currency, locale))}</strong></p>
<p>${escapeHtml(card?.brand ?? "card")} •••• ${escapeHtml(card?.last4 ?? "")}</p>${refunded}<p>${escapeHtml(ch.billing_details.email ?? "")}</p></section>`,
      ),
    );
  }
  const inv = core.state.invoices[id];
  if (!inv) return sendHtml(res, 404, pageShell(lang, "Not found", "<h1>Not found</h1>"));
  const rows = inv.lines.data
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.description ?? "")}</td><td class="num">${escapeHtml(formatAmount(l.amount, l.currency, locale))}</td></tr>`,
    )
    .join("");
  const row = (label: string, amount: number) =>
    `<tr><th scope="row">${escapeHtml(label)}</th><td class="num">${escapeHtml(formatAmount(amount, inv.currency, locale))}</td></tr>`;
  const taxes = inv.total_taxes ?? [];
  const taxRows = taxes.length
    ? row(t.subtotal, inv.subtotal) +
      taxes
        .map((x) => {
          const rate = core.state.taxRates[x.tax_rate_details?.tax_rate ?? ""];
          return row(rate ? rateLabel(rate, t.included, locale) : "Tax", x.amount);
        })
        .join("")
    : "";
  return sendHtml(
    res,
    200,
    pageShell(
      lang,
      `${t.invoice} ${inv.number ?? inv.id}`,
      `<h1>${escapeHtml(t.invoice)} ${escapeHtml(inv.number ?? inv.id)}</h1><section><p>${date(inv.created)} · ${escapeHtml(inv.status ?? "")}</p>
<table><thead><tr><th scope="col">${escapeHtml(t.item)}</th><th scope="col" class="num">${escapeHtml(t.amount)}</th></tr></thead><tbody>${rows}</tbody>
<tfoot>${taxRows}<tr><th scope="row">${escapeHtml(t.total)}</th><td class="num">${escapeHtml(formatAmount(inv.total, inv.currency, locale))}</td></tr></tfoot></table></section>`,
    ),
  );
}
