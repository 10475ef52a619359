import type { Instrumentation } from "next";

// Runs once when a server process starts, before it serves a request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerProcess } = await import("./lib/server-process");
  await startServerProcess();
}

// A page, action or route that threw: one line with the request's id, the route and the error's
// digest (the id the error page shows), redacted like every line.
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logRequestError } = await import("./lib/log/request-error");
  logRequestError(error, request, context);
};
