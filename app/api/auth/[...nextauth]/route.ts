import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { isOpenAuthRoute } from "@/lib/auth/auth-routes";

/** Only the e-mail callback and the session are reachable; every other Auth.js endpoint is a 404. */
function guarded(handler: (request: NextRequest) => Promise<Response>) {
  return (request: NextRequest): Promise<Response> | Response =>
    isOpenAuthRoute(request.method, request.nextUrl.pathname)
      ? handler(request)
      : new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });
}

export const GET = guarded(handlers.GET);
export const POST = guarded(handlers.POST);
