import type { TMailPreview, TSinkMessage } from "./types";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 0; color: #111; background: #fff; line-height: 1.5; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
a { color: #0645ad; }
a:focus-visible { outline: 3px solid #0645ad; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem; border-bottom: 1px solid #767676; overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f4; padding: 0.75rem; border: 1px solid #767676; }
iframe { width: 100%; min-height: 24rem; border: 1px solid #767676; background: #fff; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** "2026-01-02T03:04:05.678Z" → "2026-01-02 03:04:05 UTC" */
function displayDate(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso;
}

function subjectOf(message: TSinkMessage): string {
  return message.subject || "(no subject)";
}

export function renderMailbox(messages: TSinkMessage[], hasPreviews = false): string {
  const count = `${messages.length} message${messages.length === 1 ? "" : "s"}`;
  const list =
    messages.length === 0
      ? `<p>No messages yet. Mail sent to this sink over SMTP appears here.</p>`
      : `<table>
<caption>Received mail, newest first (${count})</caption>
<thead><tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Received</th></tr></thead>
<tbody>
${messages
  .map(
    (m) =>
      `<tr><td>${escapeHtml(m.to.join(", "))}</td><td><a href="/messages/${encodeURIComponent(m.id)}">${escapeHtml(
        subjectOf(m),
      )}</a></td><td><time datetime="${escapeHtml(m.date)}">${escapeHtml(displayDate(m.date))}</time></td></tr>`,
  )
  .join("\n")}
</tbody>
</table>`;
  return layout(
    `Mailbox (${count}) – mail sink`,
    `<h1>Mailbox</h1>\n<p><a href="/">Refresh</a>${
      hasPreviews ? ` · <a href="/previews">Every template in every language</a>` : ""
    }</p>\n${list}`,
  );
}

/** The application's templates with sample data: one row per template and sample, a column per language. */
export function renderPreviews(previews: TMailPreview[]): string {
  const locales = [...new Set(previews.map((p) => p.locale))];
  const rows = new Map<string, Map<string, TMailPreview>>();
  for (const p of previews) {
    // One row per template and sample: an id's last part numbers the samples of a template.
    const name = `${p.template} #${Number(p.id.split("-").pop()) + 1 || 1}`;
    const row = rows.get(name) ?? new Map<string, TMailPreview>();
    row.set(p.locale, p);
    rows.set(name, row);
  }
  const head = locales.map((l) => `<th scope="col">${escapeHtml(l)}</th>`).join("");
  const body = [...rows]
    .map(
      ([name, row]) =>
        `<tr><th scope="row">${escapeHtml(name)}</th>${locales
          .map((l) => {
            const p = row.get(l);
            return `<td>${
              p
                ? `<a href="/previews/${encodeURIComponent(p.id)}" lang="${escapeHtml(l)}">${escapeHtml(p.subject)}</a>`
                : ""
            }</td>`;
          })
          .join("")}</tr>`,
    )
    .join("\n");
  return layout(
    `Templates (${previews.length}) – mail sink`,
    `<p><a href="/">Back to the mailbox</a></p>
<h1>Templates</h1>
<p>Every mail the portal sends, rendered with sample data, in each language: nothing is sent.</p>
<table>
<caption>Templates and samples (${rows.size}) by language</caption>
<thead><tr><th scope="col">Template</th>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`,
  );
}

/** One template preview, shown like a received mail (text part, then the HTML part). */
export function renderPreview(p: TMailPreview): string {
  const body = `<p><a href="/previews">Back to the templates</a></p>
<h1 lang="${escapeHtml(p.locale)}">${escapeHtml(p.subject)}</h1>
<dl>
<dt>Template</dt><dd>${escapeHtml(p.template)}</dd>
<dt>Language</dt><dd>${escapeHtml(p.locale)}</dd>
</dl>
<h2>Text part</h2>
<pre lang="${escapeHtml(p.locale)}">${escapeHtml(p.text)}</pre>
<h2>HTML part</h2>
<iframe sandbox="" title="HTML part of the preview" srcdoc="${escapeHtml(p.html)}"></iframe>`;
  return layout(`${p.subject} – template preview`, body);
}

export function renderMessage(message: TSinkMessage): string {
  const fields: [string, string][] = [
    ["From", message.from],
    ["To", message.to.join(", ")],
    ["Subject", subjectOf(message)],
    ["Received", displayDate(message.date)],
  ];
  const dl = (rows: [string, string][]) =>
    `<dl>\n${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("\n")}\n</dl>`;
  const allHeaders = Object.entries(message.headers ?? {});
  const text = message.text
    ? `<pre>${escapeHtml(message.text)}</pre>`
    : `<p>This message has no text part.</p>`;
  // sandbox="" gives the mail's HTML an opaque origin with no scripts, forms, popups or top navigation.
  const html = message.html
    ? `<iframe sandbox="" title="HTML part of the message" srcdoc="${escapeHtml(message.html)}"></iframe>`
    : `<p>This message has no HTML part.</p>`;
  const files = (message.attachments ?? []).map(
    (a, i) =>
      `<li><a href="/api/messages/${encodeURIComponent(message.id)}/attachments/${i}">${escapeHtml(a.filename)}</a> (${escapeHtml(a.contentType)}, ${a.size} bytes)</li>`,
  );
  const body = `<p><a href="/">Back to the mailbox</a></p>
<h1>${escapeHtml(subjectOf(message))}</h1>
${dl(fields)}
${files.length ? `<h2>Attachments</h2>\n<ul>\n${files.join("\n")}\n</ul>` : ""}
${allHeaders.length ? `<details><summary>All headers</summary>\n${dl(allHeaders)}\n</details>` : ""}
<h2>Text part</h2>
${text}
<h2>HTML part</h2>
${html}`;
  return layout(`${subjectOf(message)} – mail sink`, body);
}

export function renderNotFound(): string {
  return layout("Not found – mail sink", `<h1>Not found</h1>\n<p><a href="/">Back to the mailbox</a></p>`);
}
