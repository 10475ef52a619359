import { z } from "zod";
import type { TSinkMessage } from "./types";

export type { TSinkMessage } from "./types";

const messageSchema = z.object({
  id: z.string(),
  to: z.array(z.string()),
  from: z.string(),
  subject: z.string(),
  date: z.string(),
  text: z.string(),
  html: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  attachments: z
    .array(
      z.object({
        filename: z.string(),
        contentType: z.string(),
        size: z.number(),
        content: z.string().optional(),
      }),
    )
    .optional(),
});

function apiUrl(baseUrl: string, to?: string): string {
  const url = new URL("/api/messages", baseUrl);
  if (to) url.searchParams.set("to", to);
  return url.toString();
}

/** The sink's mails, newest first, optionally only those sent to `to`. */
export async function fetchMessages(baseUrl: string, { to }: { to?: string } = {}): Promise<TSinkMessage[]> {
  const res = await fetch(apiUrl(baseUrl, to));
  if (!res.ok) throw new Error(`Mail sink answered ${res.status} to GET /api/messages`);
  return z.array(messageSchema).parse(await res.json());
}

/** The bytes of a mail's attachment (its index in `attachments`). */
export async function fetchAttachment(baseUrl: string, messageId: string, index: number): Promise<Buffer> {
  const url = new URL(`/api/messages/${encodeURIComponent(messageId)}/attachments/${index}`, baseUrl);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Mail sink answered ${res.status} to GET ${url.pathname}`);
  return Buffer.from(await res.arrayBuffer());
}

/** Deletes every mail in the sink. */
export async function clearMessages(baseUrl: string): Promise<void> {
  const res = await fetch(apiUrl(baseUrl), { method: "DELETE" });
  if (!res.ok) throw new Error(`Mail sink answered ${res.status} to DELETE /api/messages`);
}

/**
 * Polls the sink every 100 ms until a mail matches `predicate` and returns the newest match.
 * Fails after `timeoutMs`; a sink that is not reachable yet is retried until then.
 */
export async function waitForMessage(
  baseUrl: string,
  predicate: (message: TSinkMessage) => boolean,
  { timeoutMs = 10_000, to }: { timeoutMs?: number; to?: string } = {},
): Promise<TSinkMessage> {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  let lastError: unknown;
  for (;;) {
    try {
      const messages = await fetchMessages(baseUrl, { to });
      seen = messages.length;
      lastError = undefined;
      const match = messages.find(predicate);
      if (match) return match;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? `last error: ${String(lastError)}` : `${seen} message(s) in the sink`;
      throw new Error(`No matching mail within ${timeoutMs} ms (${detail})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The http(s) URLs in a mail body, in order of appearance, without duplicates.
 * Quoted-printable soft line breaks and `=3D` are undone first, so raw bodies work too.
 */
export function extractLinks(text: string): string[] {
  const decoded = text.replace(/=\r?\n/g, "").replace(/=3D/gi, "=");
  const links: string[] = [];
  for (const match of decoded.matchAll(/https?:\/\/[^\s<>"'`]+/gi)) {
    let link = match[0];
    // Trailing sentence punctuation and unbalanced closing brackets are not part of the URL.
    for (;;) {
      const last = link.at(-1) ?? "";
      const unbalanced =
        (last === ")" && !link.includes("(")) ||
        (last === "]" && !link.includes("[")) ||
        (last === "}" && !link.includes("{"));
      if (/[.,;:!?]/.test(last) || unbalanced) link = link.slice(0, -1);
      else break;
    }
    if (!links.includes(link)) links.push(link);
  }
  return links;
}
