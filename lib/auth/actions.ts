"use server";

import { eq } from "drizzle-orm";
import { cookies, headers } from "next/headers";
import { getDb } from "@/lib/db";
import { sessions } from "@/db/schema";
import { formLocale } from "@/lib/actions/form-locale";
import { publicAction } from "@/lib/actions/define-action";
import { mailSettings } from "@/lib/email/settings";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { recordAudit } from "@/lib/audit/record-audit";
import { requestOrigin } from "@/lib/audit/request-origin";
import { signOut } from "./auth";
import { SIGN_IN_CODES } from "./errors";
import { redeemSignInCode } from "./redeem-sign-in-code";
import { requestSignIn } from "./request-sign-in";
import { safeReturnPath } from "./return-path";
import { ZRedeemCode, ZRequestSignIn } from "./schemas";
import { getSessionCustomer } from "./session";
import { SIGN_IN_EMAIL_COOKIE, SIGN_IN_NEXT_COOKIE } from "./sign-in-cookie";
import { normalizeSignInCode } from "./sign-in-code";

const FIFTEEN_MINUTES = 15 * 60;

async function rememberForCodeForm(name: string, value: string | undefined): Promise<void> {
  const jar = await cookies();
  if (!value) {
    jar.delete(name);
    return;
  }
  jar.set(name, value, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().authUrl.startsWith("https://"),
    maxAge: FIFTEEN_MINUTES,
    path: "/",
  });
}

/** Step one: the address. Whatever happened (sent, no purchases, rate-limited), the same page. */
export const requestSignInAction = publicAction({
  registry: SIGN_IN_CODES,
  schema: ZRequestSignIn,
  async run(input, { locale }) {
    const e = env();
    const db = await getDb();
    const result = await requestSignIn(
      db,
      { email: input.email, locale, next: input.next, clientKey: clientAddress(await headers()) },
      { secret: e.authSecret, mail: mailSettings(), limitPerClient: e.signInLimitPerClient },
    );
    await recordAudit(
      db,
      {
        actorType: "system",
        action: "sign_in.requested",
        subjectType: "email",
        subjectId: input.email.trim().toLowerCase(),
        data: { result },
      },
      await requestOrigin(),
    );
    await rememberForCodeForm(SIGN_IN_EMAIL_COOKIE, input.email.toLowerCase());
    await rememberForCodeForm(SIGN_IN_NEXT_COOKIE, input.next);
    return { ok: true, redirectTo: `/${locale}/sign-in/check-email` };
  },
});

/** Step two, on another device perhaps: the typed code, redeemed by Auth.js like the link. */
export const redeemCodeAction = publicAction({
  registry: SIGN_IN_CODES,
  schema: ZRedeemCode,
  fieldOf: { CODE_FORMAT: "code", CODE_WRONG: "code", CODE_LOCKED: "code", CODE_EXPIRED: "code" },
  async run(input, { locale }) {
    const jar = await cookies();
    const email = jar.get(SIGN_IN_EMAIL_COOKIE)?.value;
    if (!email) return { ok: false, code: "SESSION_EXPIRED" };
    const code = normalizeSignInCode(input.code);
    if (!code) return { ok: false, code: "CODE_FORMAT" };
    const next = safeReturnPath(jar.get(SIGN_IN_NEXT_COOKIE)?.value) ?? `/${locale}/orders`;
    const result = await redeemSignInCode(await getDb(), {
      email,
      code,
      authUrl: env().authUrl,
      callbackPath: next,
    });
    if (!result.ok) {
      await recordAudit(
        await getDb(),
        {
          actorType: "system",
          action: "sign_in.failed",
          subjectType: "email",
          subjectId: email,
          data: { via: "code", reason: result.code },
        },
        await requestOrigin(),
      );
      return result;
    }
    for (const cookie of result.cookies) jar.set(cookie);
    jar.delete(SIGN_IN_EMAIL_COOKIE);
    jar.delete(SIGN_IN_NEXT_COOKIE);
    return { ok: true, redirectTo: next };
  },
});

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
