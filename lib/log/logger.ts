import { format } from "node:util";
import pino, { type DestinationStream, type Logger } from "pino";
import { processSingleton } from "@/lib/process-singleton";
import { redactError, redactText, redactValue } from "./redact";
import { currentRequestContext } from "./request-context";

export type { Logger } from "pino";

const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * A JSON logger (pino) whose every line is redacted (lib/log/redact.ts) and carries the id of the
 * request it belongs to. `destination` is for tests; the process's logger writes to stdout.
 */
export function createLogger(destination?: DestinationStream, level = "info"): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Errors are already reduced to their redacted fields (below); pino's own serializer would redo it.
      serializers: { err: (e: unknown) => e },
      mixin() {
        const requestId = currentRequestContext()?.requestId;
        return requestId ? { requestId } : {};
      },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          // An error first: its safe fields under `err`, its redacted message as the line's message.
          if (first instanceof Error) {
            const msg = rest.length > 0 ? format(...rest) : first.message;
            return method.call(this, { err: redactError(first) }, redactText(msg));
          }
          if (first !== null && typeof first === "object") {
            return method.call(
              this,
              redactValue(first) as object,
              ...(rest.length > 0 ? [redactText(format(...rest))] : []),
            );
          }
          return method.call(this, redactText(format(...(args as unknown[]))));
        },
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** The process's logger: one for every bundle of the process. */
export function logger(): Logger {
  return processSingleton("logger", () => createLogger());
}

/**
 * Routes console.* through the logger, so that what libraries and Next itself print (a failed
 * statement in an error page's log, a warning) is one redacted JSON line too.
 */
export function routeConsoleTo(log: Logger): void {
  const route =
    (level: "error" | "warn" | "info" | "debug") =>
    (...args: unknown[]) => {
      const error = args.find((a): a is Error => a instanceof Error);
      const others = args.filter((a) => a !== error);
      // Next colours its own warnings for a terminal: the colour codes have no place in a JSON line.
      const msg = (others.length > 0 ? format(...others) : (error?.message ?? "")).replace(ANSI, "");
      if (error) log[level]({ err: error, source: "console" }, msg);
      else log[level]({ source: "console" }, msg);
    };
  console.error = route("error");
  console.warn = route("warn");
  console.info = route("info");
  console.log = route("info");
  console.debug = route("debug");
}
