import "server-only";
import { getDatabase } from "@/lib/db";
import { migrateDatabase } from "@/db/open";
import { armCrashPoint } from "./crash-point";
import { startMailWorker } from "./email/worker";
import { startJobsWorker } from "./jobs/worker";
import { env } from "./env";
import { installClientAddress } from "./http/install-client-address";

/**
 * What a server process does at start: validate the settings (a bad one stops
 * the start, naming it), apply migrations when asked (always in demo mode),
 * read each request's client address by the trust setting, and start the background workers that live in every app instance.
 */
export async function startServerProcess(): Promise<void> {
  const e = env();
  installClientAddress(e.trustedProxies);
  if (e.migrateOnStart) {
    const handle = e.databaseUrl ? undefined : await getDatabase();
    await migrateDatabase({ databaseUrl: e.databaseUrl, dataDir: e.dataDir, handle });
  }
  startMailWorker();
  // A process started to crash at a saga step (demo only) runs no jobs: it dies where the crash-recovery
  // test puts it, in the customer's request, and never inside a job an earlier crash left behind.
  armCrashPoint(e.crashAt);
  if (!e.crashAt) startJobsWorker();
}
