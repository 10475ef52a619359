import type { IncomingMessage, ServerResponse } from "node:http";
import { renderMailbox, renderMessage, renderNotFound, renderPreview, renderPreviews } from "./html";
import type { TMessageStore } from "./store";
import type { TMailPreview, TSinkMessage } from "./types";

const HTML_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; frame-src 'self'",
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, HTML_HEADERS);
  res.end(body);
}

/** The list shape of the API: no headers, attachments without their bytes. */
function summary({ id, to, from, subject, date, text, html, attachments }: TSinkMessage) {
  return {
    id,
    to,
    from,
    subject,
    date,
    text,
    html,
    attachments: (attachments ?? []).map(({ filename, contentType, size }) => ({
      filename,
      contentType,
      size,
    })),
  };
}

const ATTACHMENT_PATH = /^\/api\/messages\/([^/]+)\/attachments\/(\d+)$/;

function idFrom(pathname: string, prefix: string): string | undefined {
  if (!pathname.startsWith(prefix)) return undefined;
  const rest = pathname.slice(prefix.length);
  if (!rest || rest.includes("/")) return undefined;
  try {
    return decodeURIComponent(rest);
  } catch {
    return undefined;
  }
}

export function createRequestHandler(store: TMessageStore, previews?: () => TMailPreview[]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const method = req.method ?? "GET";
    const isRead = method === "GET" || method === "HEAD";

    if (path === "/api/messages") {
      if (isRead) return sendJson(res, 200, store.list(url.searchParams.get("to") ?? undefined).map(summary));
      if (method === "DELETE") {
        store.clear();
        res.writeHead(204).end();
        return;
      }
      res.setHeader("allow", "GET, HEAD, DELETE");
      return sendJson(res, 405, { error: "method not allowed" });
    }

    const file = ATTACHMENT_PATH.exec(path);
    if (file) {
      if (!isRead) {
        res.setHeader("allow", "GET, HEAD");
        return sendJson(res, 405, { error: "method not allowed" });
      }
      let id: string;
      try {
        id = decodeURIComponent(file[1]!);
      } catch {
        return sendJson(res, 404, { error: "not found" });
      }
      const a = store.get(id)?.attachments?.[Number(file[2])];
      if (!a?.content) return sendJson(res, 404, { error: "not found" });
      const bytes = Buffer.from(a.content, "base64");
      res.writeHead(200, {
        "content-type": a.contentType,
        "content-length": bytes.length,
        "content-disposition": `attachment; filename="${a.filename.replace(/["\\\r\n]/g, "_")}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
      res.end(method === "HEAD" ? undefined : bytes);
      return;
    }

    const apiId = idFrom(path, "/api/messages/");
    if (apiId !== undefined) {
      if (isRead) {
        const message = store.get(apiId);
        return message ? sendJson(res, 200, message) : sendJson(res, 404, { error: "not found" });
      }
      if (method === "DELETE") {
        if (!store.remove(apiId)) return sendJson(res, 404, { error: "not found" });
        res.writeHead(204).end();
        return;
      }
      res.setHeader("allow", "GET, HEAD, DELETE");
      return sendJson(res, 405, { error: "method not allowed" });
    }

    if (!isRead) {
      res.setHeader("allow", "GET, HEAD");
      return sendJson(res, 405, { error: "method not allowed" });
    }
    if (path === "/") return sendHtml(res, 200, renderMailbox(store.list(), Boolean(previews)));
    if (previews && path === "/previews") return sendHtml(res, 200, renderPreviews(previews()));
    const previewId = previews ? idFrom(path, "/previews/") : undefined;
    const preview = previewId === undefined ? undefined : previews?.().find((p) => p.id === previewId);
    if (preview) return sendHtml(res, 200, renderPreview(preview));
    if (path === "/favicon.ico") {
      res.writeHead(204, { "cache-control": "max-age=86400" }).end();
      return;
    }
    const pageId = idFrom(path, "/messages/");
    const message = pageId === undefined ? undefined : store.get(pageId);
    if (message) return sendHtml(res, 200, renderMessage(message));
    return sendHtml(res, 404, renderNotFound());
  };
}
