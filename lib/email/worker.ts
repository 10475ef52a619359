import "server-only";
import { getDb } from "@/db/client";
import { deliverDueMail } from "./deliver";
import { smtpSender } from "./transport";

const POLL_MS = 1000;
let timer: NodeJS.Timeout | undefined;
let running: Promise<void> | undefined;
let again = false;

async function tick(): Promise<void> {
  try {
    const db = await getDb();
    let result;
    do {
      again = false;
      result = await deliverDueMail(db, smtpSender());
    } while (again || result.sent + result.failed > 0);
  } catch (error) {
    console.error("mail worker:", error instanceof Error ? error.message : error);
  }
}

/** Runs a delivery round now (or right after the one under way), e.g. just after a mail was queued. */
export function kickMailWorker(): void {
  if (!timer) return;
  if (running) {
    again = true;
    return;
  }
  running = tick().finally(() => {
    running = undefined;
  });
}

/** The outbox worker of this instance: polls every second; every instance may run one. */
export function startMailWorker(): void {
  if (timer) return;
  timer = setInterval(kickMailWorker, POLL_MS);
  timer.unref();
  kickMailWorker();
}
