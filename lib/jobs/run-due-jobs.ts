import "server-only";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { TDb } from "@/db/open";
import { jobs } from "@/db/schema";

/** What a job handler answers: done, or try again later (the error is kept). */
export type TJobOutcome = { done: true } | { done: false; error: string };
export type TJobHandler = (payload: Record<string, unknown>) => Promise<TJobOutcome>;

export const MAX_JOB_ATTEMPTS = 20;
const LEASE_SECONDS = 120;

/** 5 s, 10 s, 20 s … capped at ten minutes. */
export function jobBackoffSeconds(attempts: number): number {
  return Math.min(5 * 2 ** Math.max(0, attempts - 1), 600);
}

/**
 * Runs the due jobs. Claimed like the mail outbox (FOR UPDATE SKIP LOCKED and
 * a lease, outside any long transaction), so several instances share the work
 * and a crash only delays a job. Handlers must be idempotent.
 */
export async function runDueJobs(
  db: TDb,
  handlers: Record<string, TJobHandler>,
  opts: { now?: Date; batch?: number } = {},
): Promise<number> {
  const now = opts.now ?? new Date();
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.status, "pending"), lte(jobs.runAt, now), inArray(jobs.kind, Object.keys(handlers))))
      .orderBy(jobs.runAt)
      .limit(opts.batch ?? 10)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(jobs)
      .set({ runAt: new Date(now.getTime() + LEASE_SECONDS * 1000), attempts: sql`${jobs.attempts} + 1` })
      .where(
        inArray(
          jobs.id,
          due.map((d) => d.id),
        ),
      )
      .returning({ id: jobs.id, kind: jobs.kind, payload: jobs.payload, attempts: jobs.attempts });
  });
  for (const job of claimed) {
    let outcome: TJobOutcome;
    try {
      outcome = await handlers[job.kind]!(job.payload);
    } catch (error) {
      outcome = { done: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (outcome.done) {
      await db
        .update(jobs)
        .set({ status: "done", finishedAt: new Date(), lastError: null })
        .where(eq(jobs.id, job.id));
    } else {
      const isDead = job.attempts >= MAX_JOB_ATTEMPTS;
      await db
        .update(jobs)
        .set({
          status: isDead ? "dead" : "pending",
          lastError: outcome.error.slice(0, 500),
          runAt: new Date(now.getTime() + jobBackoffSeconds(job.attempts) * 1000),
          ...(isDead ? { finishedAt: new Date() } : {}),
        })
        .where(eq(jobs.id, job.id));
    }
  }
  return claimed.length;
}
