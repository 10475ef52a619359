import "server-only";
import { getDb } from "@/lib/db";
import { processSingleton } from "@/lib/process-singleton";
import { documentAttachment } from "@/lib/invoices/attachment";
import { documentPdfDir } from "@/lib/invoices/pdf-cache";
import { whenQuiet } from "@/lib/http/requests-in-flight";
import { deliverDueMail } from "./deliver";
import { smtpSender } from "./transport";
import { logger } from "@/lib/log/logger";

const POLL_MS = 1000;

/**
 * A document not yet rendered is rendered when this process answers no request, or after this
 * long whatever the load. Rendering takes about 100 ms of a core; it runs on a thread of its own
 * (lib/invoices/render-off-thread.ts), no longer in the event loop where, in the middle of a burst of
 * webhooks, it held a purchase's transaction, but it still competes with the requests for the
 * machine's cores. Under a load that never stops, mails with a new PDF still go out, one per this
 * delay at least (within the claim's 60 s lease: a batch is 20).
 */
const RENDER_MAX_WAIT_MS = 1000;

type TWorkerState = { timer: NodeJS.Timeout | undefined; running: Promise<void> | undefined; again: boolean };
const state = () =>
  processSingleton<TWorkerState>("mail-worker", () => ({
    timer: undefined,
    running: undefined,
    again: false,
  }));

async function tick(s: TWorkerState): Promise<void> {
  try {
    const db = await getDb();
    let result;
    do {
      s.again = false;
      result = await deliverDueMail(db, smtpSender(), {
        resolveAttachment: (tx, ref) =>
          documentAttachment(tx, ref, documentPdfDir(), () => whenQuiet(RENDER_MAX_WAIT_MS)),
      });
    } while (s.again || result.sent + result.failed > 0);
  } catch (error) {
    logger().error({ err: error }, "mail worker failed");
  }
}

/** Kicks arriving within this window share one delivery round (a burst of orders, one claim). */
const COALESCE_MS = 100;

/** Runs a delivery round very soon (or right after the one under way), e.g. just after a mail was queued. */
export function kickMailWorker(): void {
  const s = state();
  if (!s.timer) return;
  if (s.running) {
    s.again = true;
    return;
  }
  s.running = new Promise<void>((resolve) => setTimeout(resolve, COALESCE_MS))
    .then(() => tick(s))
    .finally(() => {
      s.running = undefined;
    });
}

/** The outbox worker of this instance: polls every second; every instance may run one. */
export function startMailWorker(): void {
  const s = state();
  if (s.timer) return;
  s.timer = setInterval(kickMailWorker, POLL_MS);
  s.timer.unref();
  kickMailWorker();
}
