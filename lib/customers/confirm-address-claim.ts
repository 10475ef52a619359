import "server-only";
import { timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { TDb, TExecutor } from "@/db/open";
import { customers, emailClaims } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { hashSignInToken, normalizeSignInCode } from "@/lib/auth/sign-in-code";
import { enqueueMail } from "@/lib/email/outbox";
import { addressAttachedMail } from "@/lib/email/templates/address-claim";
import type { TMailSettings } from "@/lib/email/templates/types";
import { attachPurchases, newestOrderNumbers } from "./attach-purchases";
import { claimAttemptsLeft, claimState, MAX_CLAIM_ATTEMPTS } from "./address-claim-policy";
import { recordAudit } from "@/lib/audit/record-audit";

export type TAttached = { email: string; orders: number; licenses: number; subscriptions: number };

export type TConfirmAddressClaimResult =
  | ({ ok: true } & TAttached)
  | { ok: false; code: "NOT_FOUND" | "CODE_FORMAT" | "USED" | "LOCKED" | "EXPIRED" }
  | { ok: false; code: "WRONG_CODE"; attemptsLeft: number };

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * "Changed e-mail", step two. The claim row is locked, so two submissions of
 * the right code attach once; five wrong codes void the claim. On success,
 * everything the other address's customer owns (orders, licenses, yearly
 * plans, refunds, swaps, Stripe customer mappings) moves to the signed-in
 * customer in this one transaction, with a timeline row per order, the audit
 * row and the confirmation mail. Orders keep their purchase e-mail.
 * Another customer's claim is NOT_FOUND, exactly like a missing one.
 */
export async function confirmAddressClaim(
  db: TDb,
  customerId: string,
  input: { claimId: string; code: string },
  cfg: { secret: string; mail: TMailSettings },
  now = new Date(),
): Promise<TConfirmAddressClaimResult> {
  return db.transaction(async (tx) => {
    const [claim] = await tx
      .select({
        id: emailClaims.id,
        email: emailClaims.email,
        codeHash: emailClaims.codeHash,
        attempts: emailClaims.attempts,
        expiresAt: emailClaims.expiresAt,
        usedAt: emailClaims.usedAt,
      })
      .from(emailClaims)
      .where(and(eq(emailClaims.id, input.claimId), eq(emailClaims.customerId, customerId)))
      .for("update");
    if (!claim) return { ok: false, code: "NOT_FOUND" } as const;
    const state = claimState(claim, now);
    if (state === "used") return { ok: false, code: "USED" } as const;
    if (state === "locked") return { ok: false, code: "LOCKED" } as const;
    if (state === "expired") return { ok: false, code: "EXPIRED" } as const;
    // Something that cannot be a code is a typo, not a guess: it costs no attempt.
    const code = normalizeSignInCode(input.code);
    if (!code) return { ok: false, code: "CODE_FORMAT" } as const;
    if (!sameHash(hashSignInToken(code, cfg.secret), claim.codeHash)) {
      const attempts = claim.attempts + 1;
      await tx.update(emailClaims).set({ attempts }).where(eq(emailClaims.id, claim.id));
      return attempts >= MAX_CLAIM_ATTEMPTS
        ? ({ ok: false, code: "LOCKED" } as const)
        : ({ ok: false, code: "WRONG_CODE", attemptsLeft: claimAttemptsLeft({ attempts }) } as const);
    }
    await tx.update(emailClaims).set({ usedAt: now }).where(eq(emailClaims.id, claim.id));

    const [me] = await tx
      .select({ email: customers.email, locale: customers.locale })
      .from(customers)
      .where(eq(customers.id, customerId));
    // Locking the other customer's row waits for a purchase being recorded under it right now (findOrCreateCustomer upserts that row).
    const [other] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(eq(customers.email, claim.email))
      .for("update");
    const attached = { email: claim.email, orders: 0, licenses: 0, subscriptions: 0 };
    if (!other || other.id === customerId) {
      await audit(tx, customerId, claim, me!.email, attached, null, now);
      return { ok: true, ...attached } as const;
    }

    const moved = await attachPurchases(tx, {
      fromCustomerId: other.id,
      toCustomerId: customerId,
      now,
      event: { from: claim.email, to: me!.email, claimId: claim.id },
    });
    attached.orders = moved.orders.length;
    attached.licenses = moved.licenses;
    attached.subscriptions = moved.subscriptions;
    await audit(tx, customerId, claim, me!.email, attached, other.id, now);
    if (moved.orders.length > 0) {
      const locale = me!.locale as TLocale;
      await enqueueMail(tx, {
        to: me!.email,
        locale,
        template: "address-attached",
        content: addressAttachedMail(
          locale,
          {
            from: claim.email,
            orderNumbers: newestOrderNumbers(moved.orders),
            licenses: moved.licenses,
          },
          cfg.mail,
        ),
        dedupeKey: `address-attached:${claim.id}`,
      });
    }
    return { ok: true, ...attached } as const;
  });
}

async function audit(
  tx: TExecutor,
  customerId: string,
  claim: { id: string; email: string },
  to: string,
  attached: TAttached,
  fromCustomerId: string | null,
  at: Date,
): Promise<void> {
  await recordAudit(tx, {
    actorType: "customer",
    actorId: customerId,
    action: "customer.address_attached",
    subjectType: "customer",
    subjectId: customerId,
    data: {
      from: claim.email,
      to,
      claimId: claim.id,
      fromCustomerId,
      orders: attached.orders,
      licenses: attached.licenses,
      subscriptions: attached.subscriptions,
    },
    at,
  });
}
