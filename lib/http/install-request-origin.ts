import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { enterRequestContext } from "@/lib/log/request-context";
import { CLIENT_ADDRESS_HEADER, clientAddressFrom } from "./client-address";
import { newRequestId, REQUEST_ID_HEADER } from "./request-id";

let installed = false;

/**
 * Gives every request this process's HTTP server receives, before Next sees it (Node's
 * `http.server.request.start` diagnostics channel fires before the request event):
 * - the client's address by the trust setting, in the client-address header;
 * - an id of its own, in the request-id header and the `X-Request-Id` response header;
 * - a request context (lib/log/request-context) holding both, for everything the request runs:
 *   pages, actions, route handlers (the webhook, document downloads), so that every log line and
 *   audit row it causes carries them.
 * Whatever the client sent under those header names is replaced or removed.
 */
export function installRequestOrigin(trustedProxies: number): void {
  if (installed) return;
  installed = true;
  subscribe("http.server.request.start", (message) => {
    const { request, response, socket } = message as {
      request: IncomingMessage;
      response: ServerResponse;
      socket: Socket;
    };
    const address = clientAddressFrom(
      socket.remoteAddress,
      request.headers["x-forwarded-for"],
      trustedProxies,
    );
    if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
    else delete request.headers[CLIENT_ADDRESS_HEADER];
    const requestId = newRequestId();
    request.headers[REQUEST_ID_HEADER] = requestId;
    response.setHeader("X-Request-Id", requestId);
    enterRequestContext({ requestId, clientAddress: address });
  });
}
