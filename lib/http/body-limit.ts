/**
 * The largest body a form may post. The longest form (lost address) is under 3,000 characters; even
 * written in four-byte characters and encoded by the browser, it stays well below this.
 */
export const MAX_FORM_BODY_BYTES = 128 * 1024;

/** The largest Stripe event the webhook reads; Stripe's events are a few kilobytes. */
export const MAX_WEBHOOK_BODY_BYTES = 512 * 1024;

/** True when the request says (Content-Length) it carries more than `maxBytes`. */
export function declaresMoreThan(headers: Headers, maxBytes: number): boolean {
  const length = headers.get("content-length");
  if (length === null) return false;
  const n = Number(length);
  return !Number.isFinite(n) || n > maxBytes;
}

/**
 * The body as text, read no further than `maxBytes`: undefined when it is longer (a body sent
 * without Content-Length, or with a false one, is cut off there rather than read whole).
 */
export async function readTextWithin(request: Request, maxBytes: number): Promise<string | undefined> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function payloadTooLarge(): Response {
  return Response.json({ error: "payload too large" }, { status: 413 });
}
