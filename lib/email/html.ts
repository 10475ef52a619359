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
  | { kind: "list"; items: string[] };

/**
 * One mail, written once as blocks and rendered twice: plain text and a simple,
 * accessible HTML (no images, no remote content, inline styles only).
 */
export function renderMail(opts: {
  lang: string;
  subject: string;
  blocks: TMailBlock[];
  footer: string;
  /** Origins trusted beside the allow-list (lib/http/safe-url): the portal's own. */
  trustedOrigins?: readonly string[];
}): {
  text: string;
  html: string;
} {
  // A link whose URL the allow-list refuses (a `javascript:` download URL) is left out of both parts.
  const blocks = opts.blocks.flatMap((b): TMailBlock[] => {
    if (b.kind !== "link") return [b];
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
          return `${b.label}${colonOf(opts.lang)}\n${b.href}`;
        case "list":
          return b.items.map((i) => `- ${i}`).join("\n");
      }
    }),
    "--",
    opts.footer,
  ].join("\n\n");

  const body = blocks
    .map((b) => {
      switch (b.kind) {
        case "p":
          return `<p style="margin:0 0 16px">${escapeHtml(b.text)}</p>`;
        case "code":
          return `<p style="margin:0 0 4px">${escapeHtml(b.label)}</p><p style="margin:0 0 16px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:18px;letter-spacing:1px"><strong>${escapeHtml(b.value)}</strong></p>`;
        case "link":
          return `<p style="margin:0 0 16px"><a href="${escapeHtml(b.href)}" style="color:#0b57a4">${escapeHtml(b.label)}</a></p>`;
        case "list":
          return `<ul style="margin:0 0 16px">${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;
      }
    })
    .join("\n");
  const html = `<!doctype html><html lang="${escapeHtml(opts.lang)}"><head><meta charset="utf-8"><title>${escapeHtml(opts.subject)}</title></head><body style="font-family:system-ui,Segoe UI,Arial,sans-serif;color:#1a1a1a;line-height:1.5;max-width:40rem;margin:0 auto;padding:16px">
${body}
<hr style="border:none;border-top:1px solid #ccc"><p style="color:#4a4a4a;font-size:14px">${escapeHtml(opts.footer)}</p></body></html>`;
  return { text, html };
}
