import "server-only";
import { getDb } from "@/lib/db";
import { mailSettings } from "@/lib/email/settings";
import { kickMailWorker } from "@/lib/email/worker";
import { processSingleton } from "@/lib/process-singleton";
import { submitRefund } from "@/lib/refunds/submit-refund";
import { stripe } from "@/lib/stripe/client";
import { submitSwap } from "@/lib/swaps/submit-swap";
import { runDueJobs, type TJobHandler } from "./run-due-jobs";
import { logger } from "@/lib/log/logger";

const POLL_MS = 2000;

/** Every kind of background job, by name. */
async function handlers(): Promise<Record<string, TJobHandler>> {
  const db = await getDb();
  return {
    "refund.submit": (payload) =>
      submitRefund(db, String(payload.refundId), { stripe: stripe(), mail: mailSettings() }),
    "swap.submit": async (payload) => {
      const outcome = await submitSwap(db, String(payload.swapId), {
        stripe: stripe(),
        mail: mailSettings(),
        prorationDate: typeof payload.prorationDate === "number" ? payload.prorationDate : undefined,
      });
      return outcome.done ? { done: true } : { done: false, error: outcome.error };
    },
  };
}

/** The jobs worker of this instance (several instances share the queue safely). */
export function startJobsWorker(): void {
  const state = processSingleton<{ timer?: NodeJS.Timeout; busy: boolean }>("jobs-worker", () => ({
    busy: false,
  }));
  if (state.timer) return;
  state.timer = setInterval(async () => {
    if (state.busy) return;
    state.busy = true;
    try {
      if ((await runDueJobs(await getDb(), await handlers())) > 0) kickMailWorker();
    } catch (error) {
      logger().error({ err: error }, "jobs worker failed");
    } finally {
      state.busy = false;
    }
  }, POLL_MS);
  state.timer.unref();
}
