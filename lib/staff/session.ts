import "server-only";
import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { getSessionCustomer } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { PORTAL_PATH_HEADER } from "@/lib/http/security-headers";
import { safeStaffPath } from "./schemas";
import { findStaffSession, type TStaff } from "./staff-sign-in";

export type { TStaff } from "./staff-sign-in";

/** The staff session's cookie: its own name, never Auth.js's customer cookie. */
export function staffCookieName(): string {
  return env().authUrl.startsWith("https://") ? "__Host-portal-staff" : "portal-staff";
}

/** The signed-in staff member of this request, or null. Once per request. */
export const getSessionStaff = cache(async (): Promise<TStaff | null> => {
  const token = (await cookies()).get(staffCookieName())?.value;
  return findStaffSession(await getDb(), token, env().staffEmails);
});

/**
 * Staff pages start here. A customer's session is the not-found page (the console does not exist
 * for customers); a visitor signed in as nobody is sent to the staff sign-in and back.
 */
export async function requireStaffPage(locale: string): Promise<TStaff> {
  const staff = await getSessionStaff();
  if (staff) return staff;
  if (await getSessionCustomer()) notFound();
  const next = safeStaffPath((await headers()).get(PORTAL_PATH_HEADER));
  redirect(`/${locale}/staff/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`);
}

/** Staff actions: anything but a staff session is "not found", customer or stranger. */
export async function requireStaffAction(): Promise<TStaff> {
  const staff = await getSessionStaff();
  if (!staff) notFound();
  return staff;
}
