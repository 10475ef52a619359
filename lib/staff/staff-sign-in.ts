import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import type { TDb, TExecutor } from "@/db/open";
import { staffSessions, staffSignInCodes } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { enqueueMail } from "@/lib/email/outbox";
import { staffSignInMail } from "@/lib/email/templates/staff";
import type { TMailSettings } from "@/lib/email/templates/types";
import { consumeRateLimit, isFirstInBurst } from "@/lib/rate-limit/consume-rate-limit";
import { SIGN_IN_PER_ADDRESS, signInPerClient } from "@/lib/auth/request-sign-in";
import {
  generateSignInCode,
  hashSignInToken,
  MAX_CODE_ATTEMPTS,
  normalizeEmail,
  SIGN_IN_TTL_SECONDS,
} from "@/lib/auth/sign-in-code";
import { recordAudit } from "@/lib/audit/record-audit";

/** A staff session lasts a working day. */
export const STAFF_SESSION_SECONDS = 12 * 3600;

const STAFF = Symbol("staff");

/**
 * A signed-in staff member. Only `findStaffSession` makes one (the brand is not exported), so a
 * customer's session, or anything a caller builds, is never taken for staff by the data layer.
 */
export type TStaff = { readonly email: string; readonly [STAFF]: true };

/** Every staff query and operation starts here: anything but a staff session is "not found". */
export function isStaff(actor: unknown): actor is TStaff {
  return typeof actor === "object" && actor !== null && (actor as Record<symbol, unknown>)[STAFF] === true;
}

export class NotStaffError extends Error {
  constructor() {
    super("not found");
    this.name = "NotStaffError";
  }
}

export function assertStaff(actor: unknown): asserts actor is TStaff {
  if (!isStaff(actor)) throw new NotStaffError();
}

export function isStaffEmail(email: string, staffEmails: readonly string[]): boolean {
  return staffEmails.includes(normalizeEmail(email));
}

function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type TStaffSignInConfig = {
  secret: string;
  mail: TMailSettings;
  limitPerClient: number;
  staffEmails: readonly string[];
};

/**
 * Step one of a staff sign-in: a link and a code, mailed only to an address in STAFF_EMAILS
 * (anyone else gets the same page and no mail). Same limits and double-click rule as customers.
 */
export async function requestStaffSignIn(
  db: TDb,
  input: { email: string; clientKey: string | undefined; locale: TLocale; next?: string; now?: Date },
  cfg: TStaffSignInConfig,
): Promise<"sent" | "not-staff" | "rate-limited" | "duplicate"> {
  const email = normalizeEmail(input.email);
  const now = input.now ?? new Date();
  const result = await db.transaction(async (tx) => {
    if (!(await isFirstInBurst(tx, "staff-sign-in:burst", email, 3, now))) return "duplicate";
    const withinAddress = await consumeRateLimit(
      tx,
      { ...SIGN_IN_PER_ADDRESS, name: "staff-sign-in:address" },
      email,
      now,
    );
    // No address (a request that did not come through the server) is no shared bucket either.
    const withinClient =
      input.clientKey === undefined ||
      (await consumeRateLimit(tx, signInPerClient(cfg.limitPerClient), input.clientKey, now));
    if (!withinAddress || !withinClient) return "rate-limited";
    if (!isStaffEmail(email, cfg.staffEmails)) return "not-staff";
    const code = generateSignInCode();
    const row = {
      email,
      codeHash: hashSignInToken(code, cfg.secret),
      attempts: 0,
      expiresAt: new Date(now.getTime() + SIGN_IN_TTL_SECONDS * 1000),
      createdAt: now,
    };
    await tx
      .insert(staffSignInCodes)
      .values(row)
      .onConflictDoUpdate({ target: staffSignInCodes.email, set: row });
    const link = new URL(`/${input.locale}/staff/sign-in/confirm`, cfg.mail.portalUrl);
    link.searchParams.set("code", code);
    link.searchParams.set("email", email);
    if (input.next) link.searchParams.set("next", input.next);
    await enqueueMail(tx, {
      to: email,
      locale: input.locale,
      template: "staff-sign-in",
      // The link and code open the console: the body is wiped once sent, like a customer's sign-in.
      sensitive: true,
      content: staffSignInMail(
        input.locale,
        { link: link.toString(), code, minutes: SIGN_IN_TTL_SECONDS / 60 },
        cfg.mail,
      ),
    });
    return "sent";
  });
  await recordAudit(db, {
    actorType: "system",
    action: "staff.sign_in.requested",
    subjectType: "email",
    subjectId: email,
    data: { result },
  });
  return result;
}

export type TRedeemStaffResult =
  | { ok: true; token: string; expires: Date }
  | { ok: false; code: "CODE_WRONG" | "CODE_LOCKED" | "CODE_EXPIRED" };

/** Step two: the code (typed, or from the link) becomes a staff session. Single use. */
export async function redeemStaffCode(
  db: TDb,
  input: { email: string; code: string; now?: Date },
  cfg: { secret: string; staffEmails: readonly string[] },
): Promise<TRedeemStaffResult> {
  const email = normalizeEmail(input.email);
  const now = input.now ?? new Date();
  const result = await db.transaction(async (tx): Promise<TRedeemStaffResult> => {
    const [live] = await tx
      .select()
      .from(staffSignInCodes)
      .where(eq(staffSignInCodes.email, email))
      .for("update");
    if (!live || live.expiresAt <= now || !isStaffEmail(email, cfg.staffEmails)) {
      return { ok: false, code: "CODE_EXPIRED" } as const;
    }
    if (live.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, code: "CODE_LOCKED" } as const;
    if (live.codeHash !== hashSignInToken(input.code, cfg.secret)) {
      await tx
        .update(staffSignInCodes)
        .set({ attempts: sql`${staffSignInCodes.attempts} + 1` })
        .where(eq(staffSignInCodes.email, email));
      return {
        ok: false,
        code: live.attempts + 1 >= MAX_CODE_ATTEMPTS ? "CODE_LOCKED" : "CODE_WRONG",
      } as const;
    }
    await tx.delete(staffSignInCodes).where(eq(staffSignInCodes.email, email));
    const token = randomBytes(32).toString("base64url");
    const expires = new Date(now.getTime() + STAFF_SESSION_SECONDS * 1000);
    await tx.insert(staffSessions).values({ tokenHash: hashSessionToken(token), email, expiresAt: expires });
    return { ok: true, token, expires } as const;
  });
  // Audited apart from the transaction, so that a row is written whatever it decided.
  await recordAudit(
    db,
    result.ok
      ? {
          actorType: "staff",
          actorId: email,
          action: "staff.sign_in.succeeded",
          subjectType: "email",
          subjectId: email,
        }
      : {
          actorType: "system",
          action: "staff.sign_in.failed",
          subjectType: "email",
          subjectId: email,
          data: { reason: result.code },
        },
  );
  return result;
}

/**
 * The staff member of a staff session's token, or null: an unknown or expired token, or an
 * address no longer in STAFF_EMAILS (removing it ends every session at once).
 */
export async function findStaffSession(
  db: TExecutor,
  token: string | undefined,
  staffEmails: readonly string[],
  now: Date = new Date(),
): Promise<TStaff | null> {
  if (!token) return null;
  const [row] = await db
    .select({ email: staffSessions.email })
    .from(staffSessions)
    .where(and(eq(staffSessions.tokenHash, hashSessionToken(token)), gt(staffSessions.expiresAt, now)));
  if (!row || !isStaffEmail(row.email, staffEmails)) return null;
  return { email: row.email, [STAFF]: true };
}

export async function endStaffSession(db: TExecutor, token: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.tokenHash, hashSessionToken(token)));
}
