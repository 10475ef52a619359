import "server-only";
import { eq } from "drizzle-orm";
import NextAuth from "next-auth";
import Nodemailer from "next-auth/providers/nodemailer";
import { getDb } from "@/lib/db";
import { customers } from "@/db/schema";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/audit/record-audit";
import { requestOrigin } from "@/lib/audit/request-origin";
import { portalAdapter } from "./adapter";
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "./find-session-customer";
import { SIGN_IN_TTL_SECONDS } from "./sign-in-code";

export { SESSION_MAX_AGE_SECONDS } from "./find-session-customer";

/**
 * Auth.js, created lazily (never at build time), with database sessions and
 * its e-mail provider. Our requestSignIn issues the token (the code) and sends
 * the mail; Auth.js's callback redeems it and creates the session.
 */
export const { handlers, auth, signOut } = NextAuth(async () => {
  const e = env();
  const db = await getDb();
  return {
    adapter: portalAdapter(db),
    secret: e.authSecret,
    // AUTH_URL is always set (lib/env requires it in production, the demo sets it): next-auth then
    // builds every URL from it, never from the request's Host header, and trusts that host only.
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    useSecureCookies: e.authUrl.startsWith("https://"),
    providers: [
      Nodemailer({
        id: "email",
        server: e.smtpUrl,
        from: e.mailFrom,
        maxAge: SIGN_IN_TTL_SECONDS,
        secret: e.authSecret,
        async sendVerificationRequest() {
          // Sign-in mails go through requestSignIn and the outbox, never from here.
          throw new Error("sign-in requests are handled by lib/auth/request-sign-in");
        },
      }),
    ],
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in/error" },
    events: {
      // Both ways in (the link's confirm page and the typed code) end in Auth.js's e-mail callback.
      async signIn({ user }) {
        if (!user.id) return;
        await recordAudit(
          db,
          {
            actorType: "customer",
            actorId: user.id,
            action: "sign_in.succeeded",
            subjectType: "customer",
            subjectId: user.id,
          },
          await requestOrigin(),
        );
      },
    },
    callbacks: {
      async signIn({ user }) {
        if (!user.email) return false;
        const [c] = await db
          .select({ id: customers.id })
          .from(customers)
          .where(eq(customers.email, user.email.toLowerCase()));
        return Boolean(c);
      },
      async session({ session, user }) {
        return { ...session, user: { ...session.user, id: user.id } };
      },
    },
  };
});
