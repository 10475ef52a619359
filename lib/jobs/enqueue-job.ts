import "server-only";
import type { TExecutor } from "@/db/open";
import { jobs } from "@/db/schema";

/**
 * Durable background work, written in the caller's transaction. With a dedupe
 * key, a job already queued (or done) for the same thing is not queued twice.
 */
export async function enqueueJob(
  tx: TExecutor,
  job: { kind: string; payload: Record<string, unknown>; runAt?: Date; dedupeKey?: string },
): Promise<void> {
  await tx
    .insert(jobs)
    .values({
      kind: job.kind,
      payload: job.payload,
      runAt: job.runAt ?? new Date(),
      dedupeKey: job.dedupeKey,
    })
    .onConflictDoNothing({ target: jobs.dedupeKey });
}
