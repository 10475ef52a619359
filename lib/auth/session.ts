import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { PORTAL_PATH_HEADER } from "@/lib/http/security-headers";
import { findSessionCustomer, type TSessionCustomer } from "./find-session-customer";
import { safeReturnPath } from "./return-path";
import { LOCALES } from "@/db/schema/shared";
import { isDatabaseUnavailable } from "@/lib/database-unavailable";
import { unavailablePath } from "@/lib/http/unavailable-page";
import { logger } from "@/lib/log/logger";

export type { TSessionCustomer } from "./find-session-customer";

/** The name of Auth.js's session cookie (its `__Secure-` prefix when the portal is served over https). */
export function sessionCookieName(): string {
  return env().authUrl.startsWith("https://") ? "__Secure-authjs.session-token" : "authjs.session-token";
}

/**
 * The signed-in customer of this request, or null: the Auth.js database session named by its
 * cookie, with its customer, in one statement. Once per request. While the database cannot be
 * reached, someone with a session cookie is neither signed in nor a stranger: they go to the
 * "try again shortly" page (503), with the page they asked for to come back to.
 */
export const getSessionCustomer = cache(async (): Promise<TSessionCustomer | null> => {
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!token) return null;
  try {
    return await findSessionCustomer(await getDb(), token);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    logger().warn({ err: error }, "database unavailable: session lookup");
    const h = await headers();
    redirect(unavailablePath(localeOfPath(h.get(PORTAL_PATH_HEADER)), h.get(PORTAL_PATH_HEADER)));
  }
});

function localeOfPath(path: string | null): string {
  const first = path?.split("/")[1];
  return first && (LOCALES as readonly string[]).includes(first) ? first : "en";
}

/**
 * Pages and actions of the portal start here; the data layer then filters by this id. A stranger
 * goes to sign-in, with the page they asked for as `next` (a path of the portal only).
 */
export async function requireCustomer(locale: string): Promise<TSessionCustomer> {
  const customer = await getSessionCustomer();
  if (!customer) {
    const next = safeReturnPath((await headers()).get(PORTAL_PATH_HEADER));
    redirect(`/${locale}/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  }
  return customer;
}
