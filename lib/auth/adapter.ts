import "server-only";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { Adapter, VerificationToken } from "next-auth/adapters";
import { and, eq, sql } from "drizzle-orm";
import type { TDb } from "@/db/open";
import { accounts, customers, sessions, verificationTokens } from "@/db/schema";
import { MAX_CODE_ATTEMPTS } from "./sign-in-code";

/**
 * Auth.js's Drizzle adapter over our tables (the user table is `customers`),
 * with one change: redeeming a token counts wrong attempts per address, and
 * after MAX_CODE_ATTEMPTS misses the address's code no longer works.
 */
export function portalAdapter(db: TDb): Adapter {
  const base = DrizzleAdapter(db, {
    usersTable: customers,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  } as never);
  return {
    ...base,
    // Customers exist from their first purchase; Auth.js never creates one.
    async createUser() {
      throw new Error("customers are created by purchases, not by sign-in");
    },
    async useVerificationToken({ identifier, token }): Promise<VerificationToken | null> {
      return redeemVerificationToken(db, identifier, token);
    },
  };
}

export async function redeemVerificationToken(
  db: TDb,
  identifier: string,
  hashedToken: string,
): Promise<VerificationToken | null> {
  return db.transaction(async (tx) => {
    const live = await tx
      .select()
      .from(verificationTokens)
      .where(eq(verificationTokens.identifier, identifier))
      .for("update");
    const match = live.find((t) => t.token === hashedToken);
    // Auth.js checks expiry too; refusing here as well keeps an expired code from being spent at all.
    if (match && match.attempts < MAX_CODE_ATTEMPTS && match.expires.getTime() > Date.now()) {
      // Single use: redeeming voids every token of the address.
      await tx.delete(verificationTokens).where(eq(verificationTokens.identifier, identifier));
      return { identifier: match.identifier, token: match.token, expires: match.expires };
    }
    if (live.length > 0) {
      await tx
        .update(verificationTokens)
        .set({ attempts: sql`${verificationTokens.attempts} + 1` })
        .where(and(eq(verificationTokens.identifier, identifier)));
    }
    return null;
  });
}
