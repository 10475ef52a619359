import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { ServerResponse } from "node:http";
import { processSingleton } from "@/lib/process-singleton";

type TState = { installed: boolean; inFlight: number };
const state = () => processSingleton<TState>("requests-in-flight", () => ({ installed: false, inFlight: 0 }));

/**
 * Counts the requests this process's HTTP server is answering: one more when a request starts
 * (Node's `http.server.request.start` diagnostics channel), one fewer when its response is closed
 * (sent, or the client went away). Heavy background work (rendering a document: about 100 ms of a
 * core) asks `whenQuiet` first, so that it does not compete with the requests under way.
 */
export function installRequestCounter(): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  subscribe("http.server.request.start", (message) => {
    const { response } = message as { response: ServerResponse };
    s.inFlight++;
    response.once("close", () => {
      s.inFlight--;
    });
  });
}

export function requestsInFlight(): number {
  return state().inFlight;
}

const POLL_MS = 25;

/**
 * Resolves once no request is in flight, or after `maxWaitMs` whatever the load (so that what
 * waits still gets done, at least once per `maxWaitMs`, under a load that never stops).
 */
export async function whenQuiet(maxWaitMs: number): Promise<void> {
  const until = Date.now() + maxWaitMs;
  while (requestsInFlight() > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
