"use server";

import { formLocale } from "@/lib/actions/form-locale";
import { eq } from "drizzle-orm";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { sessions } from "@/db/schema";
import { mailSettings } from "@/lib/email/settings";
import { kickMailWorker } from "@/lib/email/worker";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { signOut } from "./auth";
import { requestSignIn } from "./request-sign-in";
import { ZRedeemCode, ZRequestSignIn } from "./schemas";
import { getSessionCustomer } from "./session";
import { SIGN_IN_EMAIL_COOKIE } from "./sign-in-cookie";
import { normalizeSignInCode } from "./sign-in-code";

export async function requestSignInAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const parsed = ZRequestSignIn.safeParse({ email: formData.get("email"), locale });
  if (!parsed.success) redirect(`/${locale}/sign-in?error=EMAIL_INVALID`);
  const e = env();
  const db = await getDb();
  await requestSignIn(
    db,
    { email: parsed.data.email, locale: parsed.data.locale, clientKey: clientAddress(await headers()) },
    { secret: e.authSecret, mail: mailSettings(), limitPerClient: e.signInLimitPerClient },
  );
  kickMailWorker();
  (await cookies()).set(SIGN_IN_EMAIL_COOKIE, parsed.data.email.toLowerCase(), {
    httpOnly: true,
    sameSite: "lax",
    secure: e.authUrl.startsWith("https://"),
    maxAge: 15 * 60,
    path: "/",
  });
  // Whatever happened (link sent, no purchases, rate-limited): the same page.
  redirect(`/${locale}/sign-in/check-email`);
}

/** The typed code goes through Auth.js's own e-mail callback, like the link. */
export async function redeemCodeAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const email = (await cookies()).get(SIGN_IN_EMAIL_COOKIE)?.value ?? "";
  const parsed = ZRedeemCode.safeParse({ email, code: formData.get("code") ?? "", locale });
  if (!parsed.success) redirect(`/${locale}/sign-in?error=SESSION_EXPIRED`);
  const code = normalizeSignInCode(parsed.data.code);
  if (!code) redirect(`/${locale}/sign-in/check-email?error=CODE_FORMAT`);
  const params = new URLSearchParams({
    token: code,
    email: parsed.data.email,
    callbackUrl: `/${locale}/orders`,
  });
  redirect(`/api/auth/callback/email?${params}`);
}

export async function signOutAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  await signOut({ redirectTo: `/${locale}` });
}

/** Ends every session of this customer, on every device, then this one. */
export async function signOutEverywhereAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const customer = await getSessionCustomer();
  if (customer) {
    const db = await getDb();
    await db.delete(sessions).where(eq(sessions.userId, customer.id));
  }
  await signOut({ redirectTo: `/${locale}` });
}
