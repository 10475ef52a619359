import "server-only";
import { and, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { TExecutor } from "@/db/open";
import { auditLog, customers } from "@/db/schema";
import { ACTOR_TYPES } from "@/db/schema/support";
import { toCsv } from "./audit-csv";
import { assertStaff, type TStaff } from "./staff-sign-in";

export { ACTOR_TYPES };
export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_MAX = 10_000;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(new Date(`${v}T00:00:00Z`).getTime()));
const loose = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/**
 * The audit log viewer's filters, from a GET form: who acted (a kind of actor; a staff member's
 * address or a customer id), about which customer (an e-mail address or a customer id), which action
 * (a prefix: "refund" is every refund action), from and to which day (UTC, both included), and the
 * page. Anything malformed is no filter, never an error.
 */
export const ZAuditFilter = z.object({
  actorType: loose(z.enum(ACTOR_TYPES)),
  actor: loose(z.string().trim().toLowerCase().max(320)),
  customer: loose(z.string().trim().toLowerCase().max(320)),
  action: loose(z.string().trim().max(100)),
  from: loose(day),
  to: loose(day),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type TAuditFilter = z.infer<typeof ZAuditFilter>;

const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);

async function conditions(db: TExecutor, f: TAuditFilter): Promise<SQL[] | null> {
  const where: SQL[] = [];
  if (f.actorType) where.push(eq(auditLog.actorType, f.actorType));
  if (f.actor) where.push(eq(sql`lower(${auditLog.actorId})`, f.actor));
  if (f.customer) {
    const [c] = await db
      .select({ id: customers.id, email: customers.email })
      .from(customers)
      .where(isUuid(f.customer) ? eq(customers.id, f.customer) : eq(customers.email, f.customer));
    const id = c?.id ?? (isUuid(f.customer) ? f.customer : null);
    const email = c?.email ?? (isUuid(f.customer) ? null : f.customer);
    const about: SQL[] = [];
    // The customer acted, was acted upon, or is named in the row (a refund's or a plan's owner)…
    if (id)
      about.push(
        eq(auditLog.actorId, id),
        eq(auditLog.subjectId, id),
        sql`${auditLog.data}->>'customerId' = ${id}`,
      );
    // …or the row is about their address (sign-in requested or failed, also for an address with no account).
    if (email) about.push(and(eq(auditLog.subjectType, "email"), eq(auditLog.subjectId, email))!);
    if (about.length === 0) return null;
    where.push(or(...about)!);
  }
  if (f.action) where.push(sql`${auditLog.action} like ${`${f.action.replace(/[\\%_]/g, "\\$&")}%`}`);
  if (f.from) where.push(gte(auditLog.at, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) where.push(lt(auditLog.at, new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000)));
  return where;
}

const columns = {
  id: auditLog.id,
  at: auditLog.at,
  actorType: auditLog.actorType,
  actorId: auditLog.actorId,
  actorEmail: customers.email,
  action: auditLog.action,
  subjectType: auditLog.subjectType,
  subjectId: auditLog.subjectId,
  data: auditLog.data,
};

async function select(db: TExecutor, f: TAuditFilter, limit: number, offset: number) {
  const where = await conditions(db, f);
  if (!where) return [];
  return db
    .select(columns)
    .from(auditLog)
    .leftJoin(customers, sql`${customers.id}::text = ${auditLog.actorId}`)
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)
    .offset(offset);
}

/** What the row says beside its ids: the staff member's note, and where the request came from when recorded. */
function extrasOf(data: Record<string, unknown>) {
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return { note: text(data.note), requestId: text(data.requestId), clientAddress: text(data.clientAddress) };
}

/** One page of the audit log, newest first, for staff only. */
export async function listAuditLog(db: TExecutor, staff: TStaff, f: TAuditFilter) {
  assertStaff(staff);
  const rows = await select(db, f, AUDIT_PAGE_SIZE + 1, (f.page - 1) * AUDIT_PAGE_SIZE);
  return {
    rows: rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({ ...r, ...extrasOf(r.data) })),
    hasNext: rows.length > AUDIT_PAGE_SIZE,
  };
}

export const AUDIT_CSV_HEADER = [
  "at",
  "actor_type",
  "actor_id",
  "actor_email",
  "action",
  "subject_type",
  "subject_id",
  "note",
  "request_id",
  "client_address",
  "data",
] as const;

/** Every row the filters select (at most 10,000, newest first) as CSV, for staff only. */
export async function exportAuditCsv(db: TExecutor, staff: TStaff, f: TAuditFilter): Promise<string> {
  assertStaff(staff);
  const rows = await select(db, f, AUDIT_EXPORT_MAX, 0);
  return toCsv(
    AUDIT_CSV_HEADER,
    rows.map((r) => {
      const x = extrasOf(r.data);
      return [
        r.at,
        r.actorType,
        r.actorId,
        r.actorEmail,
        r.action,
        r.subjectType,
        r.subjectId,
        x.note,
        x.requestId,
        x.clientAddress,
        JSON.stringify(r.data),
      ];
    }),
  );
}
