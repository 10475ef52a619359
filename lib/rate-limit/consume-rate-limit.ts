import "server-only";
import { createHash } from "node:crypto";
import { and, lt, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { rateLimits, requestBursts } from "@/db/schema";

export type TRateLimit = { name: string; limit: number; windowSeconds: number };

/** The start of the fixed window `now` falls in. */
export function windowStart(now: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/** Keys never hold the raw e-mail or IP address. */
export function rateLimitKey(name: string, subject: string): string {
  return `${name}:${createHash("sha256").update(subject).digest("hex").slice(0, 32)}`;
}

/**
 * Counts one hit and says whether it is within the limit. The counter is one
 * upserted row per key and window in Postgres, so every app instance shares it.
 */
export async function consumeRateLimit(
  db: TExecutor,
  rule: TRateLimit,
  subject: string,
  now = new Date(),
): Promise<boolean> {
  const start = windowStart(now, rule.windowSeconds);
  const [row] = await db
    .insert(rateLimits)
    .values({ key: rateLimitKey(rule.name, subject), windowStart: start, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ count: rateLimits.count });
  return row!.count <= rule.limit;
}

/** Old windows are useless; the jobs worker calls this now and then. */
export async function pruneRateLimits(db: TExecutor, olderThan: Date): Promise<void> {
  await db.delete(rateLimits).where(and(lt(rateLimits.windowStart, olderThan)));
  await db.delete(requestBursts).where(lt(requestBursts.lastAt, olderThan));
}

/**
 * True when no request under this key acted in the last `seconds` (and records this one); false
 * for a repeat inside that time: a double click or a resubmitted form. One atomic upsert, so
 * concurrent repeats on several instances let exactly one through.
 */
export async function isFirstInBurst(
  db: TExecutor,
  name: string,
  subject: string,
  seconds: number,
  now = new Date(),
): Promise<boolean> {
  const key = rateLimitKey(name, subject);
  const since = new Date(now.getTime() - seconds * 1000);
  const rows = await db
    .insert(requestBursts)
    .values({ key, lastAt: now })
    .onConflictDoUpdate({
      target: requestBursts.key,
      set: { lastAt: now },
      setWhere: lt(requestBursts.lastAt, since),
    })
    .returning({ key: requestBursts.key });
  return rows.length === 1;
}
