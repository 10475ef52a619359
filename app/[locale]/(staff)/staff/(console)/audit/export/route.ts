import { getDb } from "@/lib/db";
import { exportAuditCsv, ZAuditFilter } from "@/lib/staff/audit-log";
import { getSessionStaff } from "@/lib/staff/session";

/**
 * The audit log as CSV, with the viewer's filters. Staff only: a customer's session or none is a
 * 404 like any staff URL, and the export itself checks the staff session again in the data layer.
 */
export async function GET(request: Request): Promise<Response> {
  const staff = await getSessionStaff();
  if (!staff) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });
  const filter = ZAuditFilter.parse(Object.fromEntries(new URL(request.url).searchParams));
  const csv = await exportAuditCsv(await getDb(), staff, filter);
  const today = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${today}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
