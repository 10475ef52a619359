import "server-only";
import { getDatabase } from "@/lib/db";
import { migrateDatabase } from "@/db/open";
import { armCrashPoint } from "./crash-point";
import { startMailWorker } from "./email/worker";
import { startJobsWorker } from "./jobs/worker";
import { env } from "./env";
import { installRequestOrigin } from "./http/install-request-origin";
import { installPageRequests } from "./http/page-requests";
import { installRequestCounter } from "./http/requests-in-flight";
import { publishCachedPageHeaders } from "./http/static-csp";
import { logger, routeConsoleTo } from "./log/logger";

/**
 * What a server process does at start: route everything printed through the redacting JSON
 * logger, validate the settings (a bad one stops the start, naming it), apply migrations when
 * asked (always in demo mode), give each request its id, client address (by the trust setting)
 * and context, give the page cache the headers of the pages it stores, give every page what the
 * proxy would (its CSP nonce and security headers, when its GET skips the proxy), its alternate
 * links and next-intl's locale cookie, and the cached pages their gzip kept once, and start the background workers that live in every app instance.
 */
export async function startServerProcess(): Promise<void> {
  routeConsoleTo(logger());
  const e = env();
  installRequestOrigin(e.trustedProxies);
  installRequestCounter();
  publishCachedPageHeaders();
  installPageRequests();
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
