// What `npm run demo` checks and cleans before it starts anything: busy ports, and the leftovers of a
// first start that was interrupted while the demo data was being created.
import { existsSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export type TDemoPort = { port: number; what: string; setting: string; host?: string };

/** Resolves true when nothing listens on the port (on the host the service will use). */
export function isPortFree(port: number, host?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The first busy port as one line naming the port and the setting that changes it, or null. */
export async function busyPortMessage(ports: TDemoPort[]): Promise<string | null> {
  for (const p of ports) {
    if (!(await isPortFree(p.port, p.host)))
      return `Port ${p.port} (${p.what}) is already in use: stop what uses it, or set ${p.setting} to a free port.`;
  }
  return null;
}

/** Written when the seed starts; the seed's own marker (demo-seed.json) says it finished. */
export const SEED_STARTED = "demo-seed.started";
export const SEED_DONE = "demo-seed.json";
const EMULATOR_STATE = "stripe-emulator.json";

/**
 * A first start interrupted during the seed (Ctrl-C, a crash) leaves half the catalog in the
 * emulator's state and half the orders in the database, and the seed cannot run again on top of
 * that. The demo data is only demo data: such a folder starts over. Returns what was removed.
 */
export function resetInterruptedSeed(dataDir: string, opts: { embeddedDatabase: boolean }): string[] {
  if (existsSync(path.join(dataDir, SEED_DONE))) return [];
  const started = existsSync(path.join(dataDir, SEED_STARTED));
  const emulatorState = existsSync(path.join(dataDir, EMULATOR_STATE));
  if (!started && !emulatorState) return [];
  const removed = [SEED_STARTED, EMULATOR_STATE, ...(opts.embeddedDatabase ? ["pglite"] : [])].filter((f) =>
    existsSync(path.join(dataDir, f)),
  );
  for (const f of removed) rmSync(path.join(dataDir, f), { recursive: true, force: true });
  return removed;
}
