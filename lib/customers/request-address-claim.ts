import "server-only";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { TDb } from "@/db/open";
import { customers, emailClaims } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { generateSignInCode, hashSignInToken, normalizeEmail } from "@/lib/auth/sign-in-code";
import { enqueueMail } from "@/lib/email/outbox";
import { addressClaimMail } from "@/lib/email/templates/address-claim";
import type { TMailSettings } from "@/lib/email/templates/types";
import { consumeRateLimit, type TRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { CLAIM_TTL_SECONDS, claimExpiresAt } from "./address-claim-policy";

export const ADDRESS_CLAIM_PER_CUSTOMER: TRateLimit = {
  name: "address-claim:customer",
  limit: 5,
  windowSeconds: 3600,
};
/** Protects the other mailbox from being flooded by several accounts at once. */
export const ADDRESS_CLAIM_PER_ADDRESS: TRateLimit = {
  name: "address-claim:address",
  limit: 3,
  windowSeconds: 3600,
};

export type TRequestAddressClaimResult =
  { ok: true; claimId: string } | { ok: false; code: "NOT_FOUND" | "SAME_ADDRESS" | "RATE_LIMITED" };

/**
 * "Changed e-mail", step one: a code goes to the other address; whoever can
 * read it can attach that address's purchases. Nothing here looks at whether
 * the other address has purchases: the claim, the mail and the answer are the
 * same either way (entering the code then attaches nothing and says so), so
 * the portal never tells a signed-in customer which addresses bought.
 * Asking again for the same address voids the earlier code.
 */
export async function requestAddressClaim(
  db: TDb,
  customerId: string,
  input: { email: string; locale: TLocale },
  cfg: { secret: string; mail: TMailSettings },
  now = new Date(),
): Promise<TRequestAddressClaimResult> {
  const email = normalizeEmail(input.email);
  return db.transaction(async (tx) => {
    const [me] = await tx
      .select({ email: customers.email })
      .from(customers)
      .where(eq(customers.id, customerId));
    if (!me) return { ok: false, code: "NOT_FOUND" } as const;
    if (email === me.email) return { ok: false, code: "SAME_ADDRESS" } as const;
    const withinCustomer = await consumeRateLimit(tx, ADDRESS_CLAIM_PER_CUSTOMER, customerId, now);
    const withinAddress = await consumeRateLimit(tx, ADDRESS_CLAIM_PER_ADDRESS, email, now);
    if (!withinCustomer || !withinAddress) return { ok: false, code: "RATE_LIMITED" } as const;

    await tx
      .update(emailClaims)
      .set({ expiresAt: now })
      .where(
        and(
          eq(emailClaims.customerId, customerId),
          eq(emailClaims.email, email),
          isNull(emailClaims.usedAt),
          gt(emailClaims.expiresAt, now),
        ),
      );
    const code = generateSignInCode();
    const [claim] = await tx
      .insert(emailClaims)
      .values({
        customerId,
        email,
        codeHash: hashSignInToken(code, cfg.secret),
        expiresAt: claimExpiresAt(now),
        createdAt: now,
      })
      .returning({ id: emailClaims.id });
    await enqueueMail(tx, {
      to: email,
      locale: input.locale,
      template: "address-claim",
      sensitive: true,
      content: addressClaimMail(
        input.locale,
        { requestedBy: me.email, code, minutes: CLAIM_TTL_SECONDS / 60 },
        cfg.mail,
      ),
    });
    return { ok: true, claimId: claim!.id } as const;
  });
}
