import { MAX_CODE_ATTEMPTS, normalizeEmail, SIGN_IN_TTL_SECONDS } from "@/lib/auth/sign-in-code";

/** A claim code lives as long as a sign-in code: ten minutes. */
export const CLAIM_TTL_SECONDS = SIGN_IN_TTL_SECONDS;
/** Wrong codes typed for one claim before it is void. */
export const MAX_CLAIM_ATTEMPTS = MAX_CODE_ATTEMPTS;

/**
 * Where a claim stands. "expired" also covers a claim voided by a newer request
 * for the same address (its expiry is moved to the moment it was voided).
 */
export type TClaimState = "open" | "used" | "locked" | "expired";

export type TClaimClock = { usedAt: Date | null; expiresAt: Date; attempts: number };

export function claimState(claim: TClaimClock, now: Date): TClaimState {
  if (claim.usedAt) return "used";
  if (claim.attempts >= MAX_CLAIM_ATTEMPTS) return "locked";
  if (claim.expiresAt.getTime() <= now.getTime()) return "expired";
  return "open";
}

export function claimAttemptsLeft(claim: Pick<TClaimClock, "attempts">): number {
  return Math.max(0, MAX_CLAIM_ATTEMPTS - claim.attempts);
}

export function claimExpiresAt(now: Date): Date {
  return new Date(now.getTime() + CLAIM_TTL_SECONDS * 1000);
}

/** Addresses compare trimmed and in lower case, as customers.email is stored. */
export function isSameAddress(a: string, b: string): boolean {
  return normalizeEmail(a) === normalizeEmail(b);
}
