import { brandCss } from "@/lib/brand";
import { safeReturnPath } from "@/lib/auth/return-path";
import { escapeHtml } from "@/lib/email/html";

/** Seconds a client is asked to wait (Retry-After) while the database is out of reach. */
export const RETRY_AFTER_SECONDS = 30;

/** Where a customer is sent while the database cannot be reached, with the page to come back to. */
export function unavailablePath(locale: string, next: string | null): string {
  const back = safeReturnPath(next);
  return `/${locale}/unavailable${back ? `?next=${encodeURIComponent(back)}` : ""}`;
}

export type TUnavailableWords = { title: string; body: string; retry: string; vendorName: string };

/**
 * The "try again shortly" page, self-contained (it must not need the database): the language, a
 * title, the message and a link back to the page asked for (a path of the portal only).
 */
export function unavailablePageHtml(locale: string, words: TUnavailableWords, next: string | null): string {
  const back = safeReturnPath(next) ?? `/${locale}`;
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="${e(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>${e(words.title)} · ${e(words.vendorName)}</title>
<style>${brandCss()}body{font-family:system-ui,sans-serif;margin:0;padding:2rem 1rem;line-height:1.5}main{max-width:36rem;margin:0 auto}a{color:var(--accent);display:inline-block;min-height:44px;line-height:44px}</style>
</head><body><main><h1>${e(words.title)}</h1><p>${e(words.body)}</p><p><a href="${e(back)}">${e(words.retry)}</a></p></main></body></html>`;
}
