import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rawRequest } from "@/tests/raw-http";
import { installPageRequests } from "./page-requests";

// A server in the place of Next's: it records the headers each request reaches it with, and
// answers a page whose script carries the nonce Next would take from them.
const reached: { url: string; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let port: number;

beforeAll(async () => {
  installPageRequests();
  server = createServer((req, res) => {
    reached.push({ url: req.url!, headers: { ...req.headers } });
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.end(`<!DOCTYPE html><script nonce="${req.headers["x-nonce"] ?? ""}">1</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const nonceOf = (csp: unknown) => /'nonce-([^']+)' 'strict-dynamic'/.exec(String(csp))?.[1];

it("gives a page's GET, which skips the proxy, what the proxy would: its own nonce, the path, the locale", async () => {
  const forged = {
    "x-nonce": "forged",
    "content-security-policy": "script-src *",
    "x-portal-path": "https://evil.example/",
    "x-next-intl-locale": "it",
  };
  const answers = [];
  for (let i = 0; i < 2; i++) answers.push(await rawRequest(port, "/fr/orders?sort=date", forged));
  const seen = reached.slice(-2);
  for (const [i, a] of answers.entries()) {
    const nonce = nonceOf(a.headers["content-security-policy"]);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    // The nonce Next is given is the one the browser's policy allows, and the page's script has it.
    expect(seen[i]!.headers["x-nonce"]).toBe(nonce);
    expect(seen[i]!.headers["content-security-policy"]).toBe(a.headers["content-security-policy"]);
    expect(a.body.toString()).toContain(`<script nonce="${nonce}">`);
    expect(seen[i]!.headers["x-portal-path"]).toBe("/fr/orders?sort=date");
    expect(seen[i]!.headers["x-next-intl-locale"]).toBe("fr");
    expect(a.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "set-cookie": ["NEXT_LOCALE=fr; Path=/; SameSite=lax"],
    });
    expect(a.headers["content-security-policy"]).not.toContain("script-src *");
  }
  expect(nonceOf(answers[0]!.headers["content-security-policy"])).not.toBe(
    nonceOf(answers[1]!.headers["content-security-policy"]),
  );
});

it("no referrer from the sign-in confirm page, whose URL carries the token", async () => {
  const a = await rawRequest(port, "/it/sign-in/confirm?token=abc");
  expect(a.headers["referrer-policy"]).toBe("no-referrer");
});

it("leaves the locale cookie to next-intl where the proxy runs (a body, a server action)", async () => {
  const a = await rawRequest(port, "/en/orders", { "next-action": "40ab" });
  expect(a.headers["set-cookie"]).toBeUndefined();
  // The page's headers are set all the same; the proxy sets its own over them.
  expect(nonceOf(a.headers["content-security-policy"])).toBeDefined();
});

it("answers 400 to a page path whose %-encoding does not decode, before the server sees it", async () => {
  const before = reached.length;
  const a = await rawRequest(port, "/en/orders/%E0%A4%A");
  expect(a.status).toBe(400);
  expect(a.body.toString()).toBe("Bad request");
  expect(reached.length).toBe(before);
  // The server still gets the next request.
  expect((await rawRequest(port, "/en/orders/ORD-2026-ABCDEF")).status).toBe(200);
  expect(reached.length).toBe(before + 1);
});

it("gives no nonce to the cached pages, API routes and paths without a locale (the proxy's, or none)", async () => {
  for (const path of ["/en/faq", "/it", "/api/health", "/orders", "/de/orders", "/_next/static/a.js"]) {
    const a = await rawRequest(port, path, { "x-nonce": "forged" });
    expect(a.headers["content-security-policy"], path).toBeUndefined();
    expect(reached.at(-1)!.headers["x-nonce"], path).toBe("forged");
  }
});
