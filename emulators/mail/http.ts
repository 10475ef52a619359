import type { IncomingMessage, ServerResponse } from "node:http";
import { renderMailbox, renderMessage, renderNotFound } from "./html";
import type { TMessageStore } from "./store";
import type { TSinkMessage } from "./types";

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

/** The list shape of the API: no headers. */
function summary({ id, to, from, subject, date, text, html }: TSinkMessage) {
  return { id, to, from, subject, date, text, html };
}

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

export function createRequestHandler(store: TMessageStore) {
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
    if (path === "/") return sendHtml(res, 200, renderMailbox(store.list()));
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
