import { AsyncLocalStorage } from "node:async_hooks";
import { processSingleton } from "@/lib/process-singleton";

/** Where the work in progress came from: the request's id (as in X-Request-Id) and the client's address. */
export type TRequestContext = { requestId?: string; clientAddress?: string };

// One store per process: Next bundles the action layer, the routes and the logger separately.
const storage = () => processSingleton("request-context", () => new AsyncLocalStorage<TRequestContext>());

/** Runs `fn` as part of a request: its log lines and audit rows carry the request's id (and address). */
export function runInRequestContext<T>(context: TRequestContext, fn: () => T): T {
  return storage().run(context, fn);
}

/** The request the current work belongs to, if any (none in the workers' own polls). */
export function currentRequestContext(): TRequestContext | undefined {
  return storage().getStore();
}

/**
 * Makes `context` the current one from here on, for the rest of this synchronous run and all it
 * schedules: called where the HTTP server starts a request, before Next handles it.
 */
export function enterRequestContext(context: TRequestContext): void {
  storage().enterWith(context);
}
