import { simpleParser } from "mailparser";
import type { TSinkMessage } from "./types";

type TEnvelope = { from: string; to: string[] };

/** Turns a raw RFC 5322 message into what the sink stores (without its id). */
export async function parseMessage(raw: Buffer, envelope: TEnvelope): Promise<Omit<TSinkMessage, "id">> {
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  const headers: Record<string, string> = {};
  for (const [name, value] of parsed.headers) headers[name] = headerToString(value);
  return {
    to: envelope.to,
    from: parsed.from?.text || envelope.from,
    subject: parsed.subject ?? "",
    date: new Date().toISOString(),
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : "",
    headers,
    attachments: parsed.attachments.map((a, i) => ({
      filename: a.filename ?? `attachment-${i + 1}`,
      contentType: a.contentType,
      size: a.content.length,
      content: a.content.toString("base64"),
    })),
  };
}

function headerToString(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString();
  if (Array.isArray(value)) return value.map(headerToString).join("\n");
  if (value && typeof value === "object") {
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("value" in value && typeof value.value === "string") {
      const params =
        "params" in value && value.params && typeof value.params === "object" ? value.params : {};
      const suffix = Object.entries(params)
        .map(([k, v]) => `; ${k}=${String(v)}`)
        .join("");
      return value.value + suffix;
    }
    return JSON.stringify(value);
  }
  return String(value ?? "");
}
