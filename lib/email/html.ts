import { BRAND } from "@/lib/brand";
import { allowedUrl } from "@/lib/http/safe-url";

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** A colon after a label: French puts a no-break space before it (messages/GLOSSARY.md). */
function colonOf(lang: string): string {
  return lang === "fr" ? "\u00a0:" : ":";
}

export type TMailBlock =
  | { kind: "p"; text: string }
  | { kind: "code"; label: string; value: string }
  | { kind: "link"; label: string; href: string }
  /** The mail's main action: a button in HTML, a labelled link in the text part. */
  | { kind: "button"; label: string; href: string }
  | { kind: "list"; items: string[] };

const FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif";
const C = { fg: "#1a1a1a", muted: "#4a4a4a", border: "#d9dde3", page: "#f4f6f8", card: "#ffffff" };

function htmlBlock(b: TMailBlock): string {
  switch (b.kind) {
    case "p":
      return `<p style="margin:0 0 16px">${escapeHtml(b.text)}</p>`;
    case "code":
      return `<p style="margin:0 0 4px">${escapeHtml(b.label)}</p><p style="margin:0 0 16px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:20px;letter-spacing:2px"><strong>${escapeHtml(b.value)}</strong></p>`;
    case "link":
      return `<p style="margin:0 0 16px"><a href="${escapeHtml(b.href)}" style="color:${BRAND.light.accent}">${escapeHtml(b.label)}</a></p>`;
    case "button":
      // A table cell with the accent as background: the button shape survives clients that drop padding on links.
      return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px"><tr><td style="background:${BRAND.light.accent};border-radius:6px"><a href="${escapeHtml(b.href)}" style="display:inline-block;padding:12px 24px;font-family:${FONT};font-size:16px;font-weight:700;color:${BRAND.light.accentFg};text-decoration:none;border-radius:6px">${escapeHtml(b.label)}</a></td></tr></table>`;
    case "list":
      return `<ul style="margin:0 0 16px;padding-left:20px">${b.items.map((i) => `<li style="margin:0 0 4px">${escapeHtml(i)}</li>`).join("")}</ul>`;
  }
}

/**
 * One mail, written once as blocks and rendered twice: plain text and an HTML in the vendor's
 * colours, like the portal (its mark and name on top, a real button for the main action). No
 * images, no remote content, inline styles only, so it reads the same in every mail client.
 */
export function renderMail(opts: {
  lang: string;
  subject: string;
  blocks: TMailBlock[];
  footer: string;
  vendorName: string;
  /** Origins trusted beside the allow-list (lib/http/safe-url): the portal's own. */
  trustedOrigins?: readonly string[];
}): {
  text: string;
  html: string;
} {
  // A link whose URL the allow-list refuses (a `javascript:` download URL) is left out of both parts.
  const blocks = opts.blocks.flatMap((b): TMailBlock[] => {
    if (b.kind !== "link" && b.kind !== "button") return [b];
    const href = allowedUrl(b.href, opts.trustedOrigins);
    return href ? [{ ...b, href }] : [];
  });
  const text = [
    ...blocks.map((b) => {
      switch (b.kind) {
        case "p":
          return b.text;
        case "code":
          return `${b.label}\n    ${b.value}`;
        case "link":
        case "button":
          return `${b.label}${colonOf(opts.lang)}\n${b.href}`;
        case "list":
          return b.items.map((i) => `- ${i}`).join("\n");
      }
    }),
    "--",
    opts.footer,
  ].join("\n\n");

  const initial = escapeHtml((opts.vendorName.trim()[0] ?? "?").toUpperCase());
  const header = `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td style="width:32px;height:32px;background:${BRAND.light.accent};border-radius:8px;color:${BRAND.light.accentFg};font-family:${FONT};font-size:19px;font-weight:700;text-align:center;vertical-align:middle">${initial}</td><td style="padding-left:10px;font-family:${FONT};font-size:18px;font-weight:700;color:${C.fg}">${escapeHtml(opts.vendorName)}</td></tr></table>`;
  const body = blocks.map(htmlBlock).join("\n");
  const html = `<!doctype html><html lang="${escapeHtml(opts.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light"><title>${escapeHtml(opts.subject)}</title></head>
<body style="margin:0;padding:0;background:${C.page}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${C.page}"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px">
<tr><td style="padding:0 4px 16px">${header}</td></tr>
<tr><td style="background:${C.card};border:1px solid ${C.border};border-top:4px solid ${BRAND.light.accent};border-radius:8px;padding:24px;font-family:${FONT};font-size:16px;line-height:1.5;color:${C.fg}">
${body}
</td></tr>
<tr><td style="padding:16px 4px;font-family:${FONT};font-size:14px;line-height:1.5;color:${C.muted}">${escapeHtml(opts.footer)}</td></tr>
</table>
</td></tr></table>
</body></html>`;
  return { text, html };
}
