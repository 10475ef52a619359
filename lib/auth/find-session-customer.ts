import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { preparedQuery } from "@/db/prepared";
import { customers, sessions } from "@/db/schema";

export type TSessionCustomer = { id: string; email: string; locale: string };

/** How long a session lives, and how often its expiry moves forward while it is used (Auth.js's maxAge and updateAge). */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;
export const SESSION_UPDATE_AGE_SECONDS = 24 * 3600;

/** The session's customer while the session lasts (built once: it runs for every signed-in request). */
const sessionCustomerQuery = preparedQuery((db) =>
  db
    .select({ id: customers.id, email: customers.email, locale: customers.locale, expires: sessions.expires })
    .from(sessions)
    .innerJoin(customers, eq(customers.id, sessions.userId))
    .where(
      and(eq(sessions.sessionToken, sql.placeholder("token")), gt(sessions.expires, sql.placeholder("now"))),
    )
    .prepare("session_customer"),
);

/**
 * The customer of an Auth.js database session, by the token its cookie holds: one statement (the
 * session joined to its customer), where Auth.js's own `auth()` runs its whole request handler
 * for it. An unknown or expired token is null. Like Auth.js, a session used more than a day after
 * its expiry was last set lives on for another SESSION_MAX_AGE_SECONDS (a second statement, once a day).
 */
export async function findSessionCustomer(
  db: TExecutor,
  sessionToken: string,
  now: Date = new Date(),
): Promise<TSessionCustomer | null> {
  const [row] = await sessionCustomerQuery(db).execute({ token: sessionToken, now: now.toISOString() });
  if (!row) return null;
  const lastSet = row.expires.getTime() - SESSION_MAX_AGE_SECONDS * 1000;
  if (now.getTime() - lastSet >= SESSION_UPDATE_AGE_SECONDS * 1000) {
    await db
      .update(sessions)
      .set({ expires: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) })
      .where(eq(sessions.sessionToken, sessionToken));
  }
  return { id: row.id, email: row.email, locale: row.locale };
}
