import "server-only";
import { eq } from "drizzle-orm";
import { NextRequest, NextResponse } from "next/server";
import type { TDb } from "@/db/open";
import { verificationTokens } from "@/db/schema";
import { handlers } from "./auth";
import { MAX_CODE_ATTEMPTS } from "./sign-in-code";

export type TRedeemedCookie = Parameters<NextResponse["cookies"]["set"]>[0] & { name: string; value: string };

export type TRedeemResult =
  | { ok: true; cookies: TRedeemedCookie[] }
  | { ok: false; code: "CODE_WRONG" | "CODE_LOCKED" | "CODE_EXPIRED" };

/**
 * Redeems a typed sign-in code through Auth.js's own e-mail callback, in this process: the same
 * single-use token and the same code path as the link, so the session is Auth.js's database
 * session and the wrong-attempt count is the adapter's. The caller copies the returned cookies
 * onto its response. (A redirect from a server action to the callback URL would be fetched twice
 * by Next's client router, spending the code on the first fetch: the bug this replaces.)
 */
export async function redeemSignInCode(
  db: TDb,
  input: { email: string; code: string; authUrl: string; callbackPath: string },
): Promise<TRedeemResult> {
  const url = new URL("/api/auth/callback/email", input.authUrl);
  url.searchParams.set("token", input.code);
  url.searchParams.set("email", input.email);
  url.searchParams.set("callbackUrl", new URL(input.callbackPath, input.authUrl).toString());
  const response = await handlers.GET(new NextRequest(url));
  const location = response.headers.get("location") ?? "";
  const isError =
    response.status >= 400 || new URL(location, input.authUrl).pathname.includes("/sign-in/error");
  if (!isError) {
    const cookies = new NextResponse(null, { headers: response.headers }).cookies.getAll();
    return { ok: true, cookies: cookies as TRedeemedCookie[] };
  }
  // Why it failed, from the adapter's own row: none left (expired, used, or voided by a newer
  // request), locked after too many misses, or simply a wrong code.
  const [live] = await db
    .select({ attempts: verificationTokens.attempts, expires: verificationTokens.expires })
    .from(verificationTokens)
    .where(eq(verificationTokens.identifier, input.email));
  if (!live || live.expires.getTime() <= Date.now()) return { ok: false, code: "CODE_EXPIRED" };
  if (live.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, code: "CODE_LOCKED" };
  return { ok: false, code: "CODE_WRONG" };
}
