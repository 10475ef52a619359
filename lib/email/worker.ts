import "server-only";
import { getDb } from "@/lib/db";
import { processSingleton } from "@/lib/process-singleton";
import { documentAttachment } from "@/lib/invoices/attachment";
import { documentPdfDir } from "@/lib/invoices/pdf-cache";
import { deliverDueMail } from "./deliver";
import { smtpSender } from "./transport";
import { logger } from "@/lib/log/logger";

const POLL_MS = 1000;

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
        resolveAttachment: (tx, ref) => documentAttachment(tx, ref, documentPdfDir()),
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
