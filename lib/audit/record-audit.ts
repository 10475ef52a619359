import "server-only";
import type { TExecutor } from "@/db/open";
import { auditLog } from "@/db/schema";
import type { ACTOR_TYPES } from "@/db/schema/support";
import { currentRequestContext, type TRequestContext } from "@/lib/log/request-context";

/** Where a request came from: its id and the client address by the trust setting. */
export type TRequestOrigin = TRequestContext;

export type TAuditEntry = {
  actorType: (typeof ACTOR_TYPES)[number];
  actorId?: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  data?: Record<string, unknown>;
  /** When it happened, if not now (the operation's own clock). */
  at?: Date;
};

/**
 * One audit row, with the request it came from (its id, as in the server's logs and the
 * X-Request-Id header, and the client address) in its data: the origin given, else the current
 * request's (lib/log/request-context); a row written outside any request (a worker's job) has
 * neither. In the caller's transaction when there is one.
 */
export async function recordAudit(db: TExecutor, entry: TAuditEntry, origin?: TRequestOrigin): Promise<void> {
  const from = origin ?? currentRequestContext();
  await db.insert(auditLog).values({
    actorType: entry.actorType,
    actorId: entry.actorId ?? null,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId.slice(0, 320),
    ...(entry.at ? { at: entry.at } : {}),
    data: {
      ...entry.data,
      ...(from ? { requestId: from.requestId ?? null, clientAddress: from.clientAddress ?? null } : {}),
    },
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
