// The FAQ for a request with a session cookie (the proxy rewrites `/[locale]/faq` here; see
// lib/http/signed-in-twin.ts): the same page rendered per request, so the header is the customer's.
export { default } from "../../(public)/faq/page";
export const dynamic = "force-dynamic";
