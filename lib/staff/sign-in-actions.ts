"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { formLocale } from "@/lib/actions/form-locale";
import { publicAction } from "@/lib/actions/define-action";
import { normalizeSignInCode } from "@/lib/auth/sign-in-code";
import { mailSettings } from "@/lib/email/settings";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/http/client-address";
import { STAFF_SIGN_IN_CODES } from "./errors";
import { ZStaffRedeem, ZStaffSignIn } from "./schemas";
import { staffCookieName } from "./session";
import { endStaffSession, redeemStaffCode, requestStaffSignIn, STAFF_SESSION_SECONDS } from "./staff-sign-in";

const STAFF_EMAIL_COOKIE = "portal-staff-sign-in-email";

async function secureCookies(): Promise<boolean> {
  return env().authUrl.startsWith("https://");
}

/** Step one: the address. Staff or not, the same page (no mail for an address that is not staff). */
export const requestStaffSignInAction = publicAction({
  registry: STAFF_SIGN_IN_CODES,
  schema: ZStaffSignIn,
  async run(input, { locale }) {
    const e = env();
    await requestStaffSignIn(
      await getDb(),
      { email: input.email, locale, next: input.next, clientKey: clientAddress(await headers()) },
      {
        secret: e.authSecret,
        mail: mailSettings(),
        limitPerClient: e.signInLimitPerClient,
        staffEmails: e.staffEmails,
      },
    );
    (await cookies()).set(STAFF_EMAIL_COOKIE, input.email.toLowerCase(), {
      httpOnly: true,
      sameSite: "lax",
      secure: await secureCookies(),
      maxAge: 15 * 60,
      path: "/",
    });
    const next = input.next ? `?next=${encodeURIComponent(input.next)}` : "";
    return { ok: true, redirectTo: `/${locale}/staff/sign-in/check-email${next}` };
  },
});

/** Step two: the code, typed or from the link, becomes a staff session (a cookie of its own). */
export const redeemStaffCodeAction = publicAction({
  registry: STAFF_SIGN_IN_CODES,
  schema: ZStaffRedeem,
  fieldOf: { CODE_FORMAT: "code", CODE_WRONG: "code", CODE_LOCKED: "code", CODE_EXPIRED: "code" },
  async run(input, { locale }) {
    const jar = await cookies();
    const email = input.email ?? jar.get(STAFF_EMAIL_COOKIE)?.value;
    if (!email) return { ok: false, code: "SESSION_EXPIRED" };
    const code = normalizeSignInCode(input.code);
    if (!code) return { ok: false, code: "CODE_FORMAT" };
    const e = env();
    const result = await redeemStaffCode(
      await getDb(),
      { email, code },
      { secret: e.authSecret, staffEmails: e.staffEmails },
    );
    if (!result.ok) return result;
    jar.set(staffCookieName(), result.token, {
      httpOnly: true,
      sameSite: "lax",
      secure: await secureCookies(),
      maxAge: STAFF_SESSION_SECONDS,
      path: "/",
    });
    jar.delete(STAFF_EMAIL_COOKIE);
    return { ok: true, redirectTo: input.next ?? `/${locale}/staff` };
  },
});

export async function staffSignOutAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const jar = await cookies();
  const token = jar.get(staffCookieName())?.value;
  if (token) await endStaffSession(await getDb(), token);
  // Deleted with the attributes it was set with (a __Host- cookie needs Secure to be replaced).
  jar.set(staffCookieName(), "", {
    httpOnly: true,
    sameSite: "lax",
    secure: await secureCookies(),
    maxAge: 0,
    path: "/",
  });
  redirect(`/${locale}/staff/sign-in`);
}
