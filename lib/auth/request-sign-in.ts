import "server-only";
import { eq } from "drizzle-orm";
import type { TDb } from "@/db/open";
import { customers, verificationTokens } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { enqueueMail } from "@/lib/email/outbox";
import { noPurchasesMail, signInMail } from "@/lib/email/templates/sign-in";
import type { TMailSettings } from "@/lib/email/templates/types";
import { consumeRateLimit, isFirstInBurst, type TRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import {
  generateSignInCode,
  hashSignInToken,
  normalizeEmail,
  SIGN_IN_BURST_SECONDS,
  SIGN_IN_TTL_SECONDS,
} from "./sign-in-code";

export { SIGN_IN_BURST_SECONDS };

export const SIGN_IN_PER_ADDRESS: TRateLimit = { name: "sign-in:address", limit: 5, windowSeconds: 15 * 60 };
export const signInPerClient = (limit: number): TRateLimit => ({
  name: "sign-in:client",
  limit,
  windowSeconds: 15 * 60,
});

export type TRequestSignInResult = "sent" | "no-purchases" | "rate-limited" | "duplicate";

/**
 * Starts a passwordless sign-in. The caller shows the same page whatever this
 * returns: an address with purchases gets a link and a code (a new request voids
 * the earlier ones); one without gets a mail saying so; past a rate limit no
 * mail goes out. The token is the code, stored only hashed, the way Auth.js's
 * e-mail provider stores it, so Auth.js's own callback redeems it.
 */
export async function requestSignIn(
  db: TDb,
  input: { email: string; clientKey: string | undefined; locale: TLocale; next?: string; now?: Date },
  cfg: { secret: string; mail: TMailSettings; limitPerClient: number },
): Promise<TRequestSignInResult> {
  const email = normalizeEmail(input.email);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    // A double click (or a resubmitted page) is the request already made: no second mail, and it
    // does not count against the limits.
    if (!(await isFirstInBurst(tx, "sign-in:burst", email, SIGN_IN_BURST_SECONDS, now))) return "duplicate";
    const withinAddress = await consumeRateLimit(tx, SIGN_IN_PER_ADDRESS, email, now);
    // No address (a request that did not come through the server) is no shared bucket either.
    const withinClient =
      input.clientKey === undefined ||
      (await consumeRateLimit(tx, signInPerClient(cfg.limitPerClient), input.clientKey, now));
    if (!withinAddress || !withinClient) return "rate-limited";

    const [customer] = await tx
      .select({ id: customers.id, locale: customers.locale })
      .from(customers)
      .where(eq(customers.email, email));
    // Both branches write: one live token per address, or none.
    await tx.delete(verificationTokens).where(eq(verificationTokens.identifier, email));
    if (!customer) {
      await enqueueMail(tx, {
        to: email,
        locale: input.locale,
        template: "no-purchases",
        content: noPurchasesMail(input.locale, { email }, cfg.mail),
      });
      return "no-purchases";
    }
    const code = generateSignInCode();
    await tx.insert(verificationTokens).values({
      identifier: email,
      token: hashSignInToken(code, cfg.secret),
      expires: new Date(now.getTime() + SIGN_IN_TTL_SECONDS * 1000),
    });
    const link = new URL(`/${input.locale}/sign-in/confirm`, cfg.mail.portalUrl);
    link.searchParams.set("token", code);
    link.searchParams.set("email", email);
    if (input.next) link.searchParams.set("next", input.next);
    await enqueueMail(tx, {
      to: email,
      locale: input.locale,
      template: "sign-in",
      sensitive: true,
      content: signInMail(
        input.locale,
        { link: link.toString(), code, minutes: SIGN_IN_TTL_SECONDS / 60 },
        cfg.mail,
      ),
    });
    return "sent";
  });
}
