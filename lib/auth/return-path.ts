import { LOCALES } from "@/db/schema/shared";

const LOCALE_PATH = new RegExp(`^/(?:${LOCALES.join("|")})(?:[/?#]|$)`);

/**
 * Where to go after signing in: a path of this portal only (`/fr/orders/ORD-…?x=1`), never
 * another origin (`//evil.test`, `/\evil.test`, `https://…`), never the sign-in pages themselves.
 * Anything else is null, and the caller falls back to the order list.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 500) return null;
  if (!LOCALE_PATH.test(value)) return null;
  if (/[\\\s\u0000-\u001f]/.test(value) || value.includes("//")) return null;
  if (/^\/[a-z]{2}\/sign-in(?:[/?#]|$)/.test(value)) return null;
  return value;
}
