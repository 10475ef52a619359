import { processSingleton } from "./process-singleton";

/**
 * Fault injection for the crash-recovery test (`tests/instances/`): the named steps of the refund and
 * swap sagas where a process may die. `PORTAL_CRASH_AT=<point>` (read only in demo mode, never in
 * production) makes the process kill itself with SIGKILL when it reaches that point, as a power cut
 * or the OOM killer would: no `finally`, no flushing, no graceful shutdown.
 */
export const CRASH_POINTS = [
  /** The refund is "processing" with its retry job, committed; Stripe not called yet. */
  "refund.after-row",
  /** Stripe answered the refund; nothing of its answer is written yet. */
  "refund.after-stripe",
  /** The settlement (status, licenses, credit note, mail) is written but not committed. */
  "refund.before-settle-commit",
  /** The swap and its refund row are written with the retry job, committed; Stripe not called yet. */
  "swap.after-row",
  /** Stripe answered the swap's refund; nothing of its answer is written yet. */
  "swap.after-stripe",
  /** The swap's settlement (new key, old one revoked, mail) is written but not committed. */
  "swap.before-settle-commit",
] as const;
export type TCrashPoint = (typeof CRASH_POINTS)[number];

const armed = () =>
  processSingleton<{ point: TCrashPoint | undefined }>("crash-point", () => ({ point: undefined }));

/** Called once at the process's start with the demo-only setting. */
export function armCrashPoint(point: TCrashPoint | undefined): void {
  armed().point = point;
}

/** Whether this process is set to crash somewhere (its job runner then stays off, see lib/server-process.ts). */
export function isCrashArmed(): boolean {
  return armed().point !== undefined;
}

/** Dies here, at once, if this process was started to crash at this point. */
export function crashPoint(point: TCrashPoint): void {
  if (armed().point !== point) return;
  process.stderr.write(`PORTAL_CRASH_AT=${point}: killing this process (SIGKILL)\n`);
  process.kill(process.pid, "SIGKILL");
}
