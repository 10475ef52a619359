import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { CLIENT_ADDRESS_HEADER, clientAddressFrom } from "./client-address";

let installed = false;

/**
 * Sets the client-address header on every request this process's HTTP server receives, before Next
 * sees it (Node's `http.server.request.start` diagnostics channel fires before the request event).
 * A value the client sent under that name is always replaced or removed.
 */
export function installClientAddress(trustedProxies: number): void {
  if (installed) return;
  installed = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    const address = clientAddressFrom(
      socket.remoteAddress,
      request.headers["x-forwarded-for"],
      trustedProxies,
    );
    if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
    else delete request.headers[CLIENT_ADDRESS_HEADER];
  });
}
