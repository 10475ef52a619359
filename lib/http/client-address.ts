/**
 * The header the server process sets on every request it receives (lib/http/install-client-address),
 * overwriting anything the client sent under that name: the client's address as the trust setting
 * (`TRUSTED_PROXIES`) says to read it.
 */
export const CLIENT_ADDRESS_HEADER = "x-portal-client-address";

/** `::ffff:1.2.3.4` (IPv4 on a dual-stack socket) is `1.2.3.4`; anything odd is cut short. */
function normalize(address: string): string {
  return address
    .trim()
    .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1")
    .slice(0, 64);
}

/**
 * The client's address from the socket and `X-Forwarded-For`, trusting exactly `trustedProxies`
 * hops in front of the app. Each proxy appends the address it received the request from, so the
 * chain is the header's entries followed by the socket's peer; the client is the entry
 * `trustedProxies` places from the right. With no trusted proxy the socket's peer is the client
 * and the header (which the client may have written) is ignored. A chain shorter than the trust
 * setting (a request that did not come through every proxy) gives its leftmost entry.
 */
export function clientAddressFrom(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: number,
): string | undefined {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  const chain = socketAddress ? [...forwarded, socketAddress] : forwarded;
  if (chain.length === 0) return undefined;
  if (trustedProxies === 0) return socketAddress ? normalize(socketAddress) : undefined;
  const index = Math.max(0, chain.length - 1 - trustedProxies);
  return normalize(chain[index]!);
}

/**
 * The client's address for rate limits and the audit log, as the server process determined it;
 * undefined when it did not (a request that bypassed the server, such as a test's), never a bucket
 * shared by every client.
 */
export function clientAddress(headers: Headers): string | undefined {
  return headers.get(CLIENT_ADDRESS_HEADER) || undefined;
}
