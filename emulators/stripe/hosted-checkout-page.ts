// The hosted Checkout page at `${publicUrl}/c/pay/<session id>`: plain HTML form, works without JavaScript.
import type { IncomingMessage, ServerResponse } from "node:http";
import type Stripe from "stripe";
import type { Core } from "./core";
import type { Branding } from "./store";
import { ApiError } from "./errors";
import { escapeHtml, readBody, redirect, sendHtml } from "./http-util";
import { formatAmount } from "./money";
import { pickLanguage, textFor, type PageText } from "./page-text";
import { expireSession } from "./resources/checkout";
import { completeSession, sepaRefusal, successRedirect } from "./resources/checkout-complete";
import { rateLabel, sessionTaxBreakdown } from "./tax";
import { runDueWork } from "./time-effects";

const LOCALES: Record<string, string> = { en: "en-US", fr: "fr-FR", it: "it-IT" };

export const PAGE_STYLE = `
  *{box-sizing:border-box} body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1f36;background:#f6f9fc}
  main{max-width:32rem;margin:0 auto;padding:1rem}
  .test{background:#fff4d6;color:#5c3b00;border:1px solid #e0b54a;border-radius:6px;padding:.5rem .75rem;font-size:.875rem}
  h1{font-size:1.5rem;margin:1rem 0} h2{font-size:1.125rem;margin:0 0 .5rem}
  section,form{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:1rem;margin-bottom:1rem}
  table{width:100%;border-collapse:collapse} th,td{text-align:left;padding:.375rem 0;vertical-align:top} td.num,th.num{text-align:right}
  tfoot th,tfoot td,tbody.taxes tr:first-child>*{border-top:1px solid #d8dee4} tfoot th,tfoot td{font-weight:700}
  label{display:block;font-weight:600;margin:.75rem 0 .25rem} .hint{font-size:.875rem;color:#4f566b;margin:.25rem 0 0}
  input{width:100%;font:inherit;padding:.625rem;border:1px solid #8792a2;border-radius:6px;color:#1a1f36;background:#fff}
  input[aria-invalid=true]{border-color:#b3093c}
  .row{display:flex;gap:.75rem} .row>div{flex:1}
  button{margin-top:1rem;width:100%;font:inherit;font-weight:700;padding:.75rem;border:0;border-radius:6px;background:#0a2540;color:#fff;cursor:pointer}
  :focus-visible{outline:3px solid #635bff;outline-offset:2px}
  .error{background:#fde8ec;color:#8a0027;border:1px solid #b3093c;border-radius:6px;padding:.5rem .75rem}
  .ok{background:#e3f7ec;color:#0b5e2e;border:1px solid #1f8a4c;border-radius:6px;padding:.5rem .75rem}
  a{color:#3d34c4}
  header.brand{display:flex;align-items:center;gap:.5rem;padding:.75rem 1rem;background:#fff;border-bottom:1px solid #d8dee4;font-weight:700}
  header.brand .mark{display:inline-grid;place-items:center;width:2rem;height:2rem;border-radius:.5rem;border:2px solid currentColor}
  fieldset{border:0;padding:0;margin:.75rem 0 0} legend{font-weight:600;padding:0}
  .choice{display:flex;gap:1rem;flex-wrap:wrap} .choice label{display:flex;align-items:center;gap:.375rem;margin:.25rem 0;font-weight:400}
  .choice input{width:auto}
  form:has(#method-card:checked) .sepa-fields,form:has(#method-sepa:checked) .card-fields{display:none}
  form:has(#method-transfer:checked) .card-fields,form:has(#method-transfer:checked) .sepa-fields{display:none}
  form:not(:has(#method-transfer:checked)) .transfer-fields{display:none}
  .sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

export function pageShell(lang: string, title: string, body: string, branding?: Branding): string {
  const name = branding?.name;
  const header = name
    ? `<header class="brand"><span class="mark" aria-hidden="true">${escapeHtml(name.trim()[0]!.toUpperCase())}</span>${escapeHtml(name)}</header>`
    : "";
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(name ? `${title} · ${name}` : title)}</title><style>${PAGE_STYLE}${brandingStyle(branding)}</style></head>
<body>${header}<main>${body}</main></body>
</html>`;
}

/** The account's colours on the page, each with the text colour (white or ink) that reads best on it. */
function brandingStyle(branding: Branding | undefined): string {
  const css: string[] = [];
  if (branding?.primaryColor)
    css.push(`header.brand{background:${branding.primaryColor};color:${readableOn(branding.primaryColor)}}`);
  if (branding?.secondaryColor)
    css.push(`button{background:${branding.secondaryColor};color:${readableOn(branding.secondaryColor)}}`);
  return css.join("");
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** White or the page's ink, whichever contrasts more with `hex` (WCAG relative luminance). */
export function readableOn(hex: string): string {
  const l = luminance(hex);
  const ink = "#1a1f36";
  return 1.05 / (l + 0.05) >= (l + 0.05) / (luminance(ink) + 0.05) ? "#ffffff" : ink;
}

type FormState = {
  email: string;
  name: string;
  method: "card" | "sepa_debit" | "customer_balance";
  iban: string;
  error: string | null;
  errorField: "email" | "card" | "iban" | null;
};

const EMPTY_FORM: Omit<FormState, "email"> = {
  name: "",
  method: "card",
  iban: "",
  error: null,
  errorField: null,
};

/**
 * A line's product name in the page's language: the product's `name_<lang>` metadata (the portal
 * keeps its catalogue's names in three languages there, see lib/catalog/upsert-from-stripe.ts),
 * else the line's description (the product's name). This stands for what a shop selling in several
 * languages does on Stripe: one product name per language at checkout.
 */
function lineName(core: Core, li: Stripe.LineItem, lang: string): string {
  const product = li.price?.product;
  const id = typeof product === "string" ? product : product?.id;
  const localized = id ? core.state.products[id]?.metadata?.[`name_${lang}`] : undefined;
  return localized || (li.description ?? "");
}

function summary(core: Core, s: Stripe.Checkout.Session, t: PageText, locale: string, lang: string): string {
  const money = (n: number) => escapeHtml(formatAmount(n, s.currency ?? "eur", locale));
  const rows = (core.state.sessionLineItems[s.id] ?? [])
    .map((li) => {
      const every = li.price?.recurring
        ? ` <span class="hint">${escapeHtml(t.perInterval[li.price.recurring.interval] ?? "")}</span>`
        : "";
      return `<tr><td>${escapeHtml(lineName(core, li, lang))}${every}</td><td class="num">${li.quantity ?? 1}</td><td class="num">${money(li.amount_subtotal)}</td></tr>`;
    })
    .join("");
  const foot = (label: string, amount: number, id: string) =>
    `<tr><th scope="row" colspan="2">${escapeHtml(label)}</th><td class="num" id="${id}">${money(amount)}</td></tr>`;
  const taxes = sessionTaxBreakdown(core, s.id);
  const taxRows = taxes.length
    ? `<tbody class="taxes">${foot(t.subtotal, s.amount_subtotal ?? 0, "subtotal")}${taxes
        .map((x, i) => foot(rateLabel(x.rate, t.included, locale), x.amount, `tax-${i}`))
        .join("")}</tbody>`
    : "";
  return `<section aria-labelledby="summary-h"><h2 id="summary-h">${escapeHtml(t.summary)}</h2>
<table><thead><tr><th scope="col">${escapeHtml(t.item)}</th><th scope="col" class="num">${escapeHtml(t.quantity)}</th><th scope="col" class="num">${escapeHtml(t.amount)}</th></tr></thead>
<tbody>${rows}</tbody>${taxRows}<tfoot>${foot(t.total, s.amount_total ?? 0, "total")}</tfoot></table></section>`;
}

function renderOpen(core: Core, s: Stripe.Checkout.Session, lang: string, f: FormState): string {
  const t = textFor(lang);
  const locale = LOCALES[lang] ?? "en-US";
  const hint = (field: string) => (field === "card" ? " card-hint" : field === "iban" ? " iban-hint" : "");
  const inv = (field: string) =>
    f.errorField === field
      ? ` aria-invalid="true" aria-describedby="form-error${hint(field)}"`
      : hint(field)
        ? ` aria-describedby="${hint(field).trim()}"`
        : "";
  const error = f.error
    ? `<div class="error" role="alert" id="form-error"><strong>${escapeHtml(t.errorTitle)}${lang === "fr" ? "\u00a0:" : ":"}</strong> ${escapeHtml(f.error)}</div>`
    : "";
  const button =
    s.mode === "setup"
      ? t.saveCard
      : s.mode === "subscription"
        ? t.subscribe
        : `${t.pay} ${formatAmount(s.amount_total ?? 0, s.currency ?? "eur", locale)}`;
  const cancel = s.cancel_url
    ? `<p><a href="${escapeHtml(s.cancel_url)}">${escapeHtml(t.cancel)}</a></p>`
    : "";
  // SEPA Direct Debit beside the card when the session accepts it (a payment in euros); the
  // chosen method's fields show (CSS :has, no script); the server reads the chosen one only.
  const sepa = sepaRefusal(core, s) === null;
  // A bank transfer (EU) when the session allows it: no fields, the instructions come afterwards.
  const transfer = s.mode === "payment" && (s.payment_method_types ?? []).includes("customer_balance");
  const checked = (m: FormState["method"]) => (f.method === m ? " checked" : "");
  const choice =
    sepa || transfer
      ? `<fieldset><legend>${escapeHtml(t.method)}</legend><div class="choice">
<label><input type="radio" id="method-card" name="method" value="card"${checked("card")}>${escapeHtml(t.methodCard)}</label>
${sepa ? `<label><input type="radio" id="method-sepa" name="method" value="sepa_debit"${checked("sepa_debit")}>${escapeHtml(t.methodSepa)}</label>` : ""}
${transfer ? `<label><input type="radio" id="method-transfer" name="method" value="customer_balance"${checked("customer_balance")}>${escapeHtml(t.methodTransfer)}</label>` : ""}</div></fieldset>`
      : "";
  const transferFields = transfer
    ? `<div class="transfer-fields"><p class="hint">${escapeHtml(t.transferHint)}</p></div>`
    : "";
  const business = core.state.branding?.name ?? "";
  const sepaFields = sepa
    ? `<div class="sepa-fields"><label for="iban">${escapeHtml(t.iban)}</label><input id="iban" name="iban" autocomplete="off" autocapitalize="characters" spellcheck="false" value="${escapeHtml(f.iban)}"${inv("iban")}>
<p class="hint" id="iban-hint">${escapeHtml(t.ibanHint)}</p>
<label for="account_holder">${escapeHtml(t.accountHolder)}</label><input id="account_holder" name="account_holder" autocomplete="name" value="${escapeHtml(f.method === "sepa_debit" ? f.name : "")}">
<p class="hint">${escapeHtml(t.mandate.replace("{name}", business || "the seller"))}</p></div>`
    : "";
  return pageShell(
    lang,
    t.title,
    `<p class="test">${escapeHtml(t.testMode)}</p><h1>${escapeHtml(t.title)}</h1>${s.mode === "setup" ? "" : summary(core, s, t, locale, lang)}
<form method="post" action="/c/pay/${escapeHtml(s.id)}">${error}
<label for="email">${escapeHtml(t.email)}</label><input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(f.email)}"${inv("email")}>
${choice}<div class="card-fields"><label for="card_number">${escapeHtml(t.card)}</label><input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number"${sepa || transfer ? "" : " required"}${inv("card")}>
<p class="hint" id="card-hint">${escapeHtml(t.cardHint)}</p>
<div class="row"><div><label for="card_expiry">${escapeHtml(t.expiry)}</label><input id="card_expiry" name="card_expiry" autocomplete="cc-exp" inputmode="numeric" placeholder="12 / 34"></div>
<div><label for="card_cvc">${escapeHtml(t.cvc)}</label><input id="card_cvc" name="card_cvc" autocomplete="cc-csc" inputmode="numeric" placeholder="123"></div></div>
<label for="name">${escapeHtml(t.name)}</label><input id="name" name="name" autocomplete="cc-name" value="${escapeHtml(f.method === "card" ? f.name : "")}"></div>${sepaFields}${transferFields}
<button type="submit">${escapeHtml(button)}</button></form>${cancel}`,
    core.state.branding,
  );
}

function renderClosed(core: Core, s: Stripe.Checkout.Session, lang: string): string {
  const t = textFor(lang);
  const msg = s.status === "expired" ? t.expired : t.complete;
  const link = s.status === "expired" ? s.cancel_url : successRedirect(s);
  return pageShell(
    lang,
    t.title,
    `<h1>${escapeHtml(s.status === "expired" ? t.title : t.paidTitle)}</h1><p class="${s.status === "expired" ? "error" : "ok"}" role="status">${escapeHtml(msg)}</p>${
      link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(t.cancel)}</a></p>` : ""
    }`,
    core.state.branding,
  );
}

function parseExpiry(v: string | null): { month: number; year: number } | null {
  const m = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(v ?? "");
  if (!m) return null;
  const month = Number(m[1]);
  const year = Number(m[2]) < 100 ? 2000 + Number(m[2]) : Number(m[2]);
  return month >= 1 && month <= 12 ? { month, year } : null;
}

export async function handleCheckoutPage(
  core: Core,
  req: IncomingMessage,
  res: ServerResponse,
  sessionId: string,
): Promise<void> {
  runDueWork(core);
  const session = core.state.checkoutSessions[sessionId];
  const lang = pickLanguage(session?.locale, req.headers["accept-language"]);
  if (!session) {
    sendHtml(
      res,
      404,
      pageShell(lang, "Not found", `<h1>Not found</h1><p role="status">No such checkout session.</p>`),
    );
    return;
  }
  if (session.status === "open" && session.expires_at <= core.now()) expireSession(core, session);
  const prefill =
    session.customer_email ??
    (typeof session.customer === "string" ? (core.state.customers[session.customer]?.email ?? "") : "");
  if (req.method !== "POST") {
    const html =
      session.status === "open"
        ? renderOpen(core, session, lang, { ...EMPTY_FORM, email: prefill })
        : renderClosed(core, session, lang);
    sendHtml(res, session.status === "open" ? 200 : 410, html);
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  if (session.status !== "open") {
    sendHtml(res, 410, renderClosed(core, session, lang));
    return;
  }
  const email = form.get("email") ?? prefill;
  const chosen = form.get("method");
  const method = chosen === "sepa_debit" || chosen === "customer_balance" ? chosen : "card";
  const name = (method === "sepa_debit" ? form.get("account_holder") : form.get("name")) ?? "";
  const iban = form.get("iban") ?? "";
  const exp = parseExpiry(form.get("card_expiry"));
  try {
    completeSession(
      core,
      session,
      method === "sepa_debit"
        ? { card: "", iban, email, name }
        : method === "customer_balance"
          ? { card: "", bankTransfer: true, email, name }
          : {
              card: form.get("card_number") ?? "",
              email,
              name,
              ...(exp ? { expMonth: exp.month, expYear: exp.year } : {}),
            },
    );
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const field = err.param === "email" ? "email" : method === "sepa_debit" ? "iban" : "card";
    sendHtml(
      res,
      err.status,
      renderOpen(core, session, lang, { email, name, method, iban, error: err.message, errorField: field }),
    );
    return;
  }
  const target = successRedirect(session);
  if (target) redirect(res, target);
  else sendHtml(res, 200, renderClosed(core, session, lang));
}
