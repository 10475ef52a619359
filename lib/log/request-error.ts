import "server-only";
import type { Instrumentation } from "next";
import { REQUEST_ID_HEADER } from "@/lib/http/request-id";
import { logger } from "./logger";

type TArgs = Parameters<Instrumentation.onRequestError>;

/** Next's report of a request that failed, as one log line (Next prints the error's stack itself). */
export function logRequestError(error: unknown, request: TArgs[1], context: TArgs[2]): void {
  const header = request.headers[REQUEST_ID_HEADER];
  logger().error(
    {
      requestId: Array.isArray(header) ? header[0] : header,
      method: request.method,
      path: request.path.split("?")[0],
      route: context.routePath,
      routeType: context.routeType,
      digest: (error as { digest?: string } | null)?.digest,
      message: error instanceof Error ? error.message : String(error),
    },
    "request failed",
  );
}
