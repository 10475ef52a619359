import "server-only";
import type { TExecutor } from "@/db/open";
import { auditLog } from "@/db/schema";
import type { ACTOR_TYPES } from "@/db/schema/support";

/** Where a request came from: the proxy's request id and the client address by the trust setting. */
export type TRequestOrigin = { requestId?: string; clientAddress?: string };

export type TAuditEntry = {
  actorType: (typeof ACTOR_TYPES)[number];
  actorId?: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
};

/**
 * One audit row, with the request it came from (its id, as in the server's logs, and the client
 * address) in its data. In the caller's transaction when there is one.
 */
export async function recordAudit(
  db: TExecutor,
  entry: TAuditEntry,
  origin: TRequestOrigin = {},
): Promise<void> {
  await db.insert(auditLog).values({
    actorType: entry.actorType,
    actorId: entry.actorId ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId.slice(0, 320),
    data: { ...entry.data, requestId: origin.requestId ?? null, clientAddress: origin.clientAddress ?? null },
  });
}

/**
 * The ids a refused form carried (what it tried to reach), never its free text: only fields whose
 * name says they are identifiers, each cut short.
 */
export function idsOf(values: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(values)) {
    if (!/(Id|Ids|Number|Numbers)$/.test(name)) continue;
    out[name] = Array.isArray(value) ? value.slice(0, 20).map((v) => v.slice(0, 64)) : value.slice(0, 64);
  }
  return out;
}
