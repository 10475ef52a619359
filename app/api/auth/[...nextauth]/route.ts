import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { requestOrigin } from "@/lib/audit/request-origin";
import { handlers } from "@/lib/auth/auth";
import { isOpenAuthRoute } from "@/lib/auth/auth-routes";

const notFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });

/**
 * Only the e-mail callback and the session are reachable; every other Auth.js endpoint is a 404.
 * A link that fails in the callback (used, expired, replaced) is audited; a success is audited by
 * Auth.js's signIn event (lib/auth/auth).
 */
export async function GET(request: NextRequest): Promise<Response> {
  if (!isOpenAuthRoute("GET", request.nextUrl.pathname)) return notFound();
  const response = await handlers.GET(request);
  const failed = (response.headers.get("location") ?? "").includes("/sign-in/error");
  if (failed && request.nextUrl.pathname.startsWith("/api/auth/callback/email")) {
    await recordAudit(
      await getDb(),
      {
        actorType: "system",
        action: "sign_in.failed",
        subjectType: "email",
        subjectId: (request.nextUrl.searchParams.get("email") ?? "").toLowerCase().slice(0, 254),
        data: { via: "link" },
      },
      await requestOrigin(),
    );
  }
  return response;
}

export function POST(): Response {
  return notFound();
}
