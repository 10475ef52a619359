import { sql } from "drizzle-orm";
import { bigserial, check, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { orders } from "./orders";
import { createdAt, inList, ts } from "./shared";

export const SUPPORT_REQUEST_KINDS = ["refund_exception", "lost_address", "other"] as const;
export const SUPPORT_REQUEST_STATUSES = ["open", "approved", "declined"] as const;
export const ACTOR_TYPES = ["customer", "staff", "system", "stripe"] as const;

/** What the rules don't auto-approve: refunds past the window, lost-address requests. */
export const supportRequests = pgTable(
  "support_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: SUPPORT_REQUEST_KINDS }).notNull(),
    status: text("status", { enum: SUPPORT_REQUEST_STATUSES }).notNull().default("open"),
    customerId: uuid("customer_id").references(() => customers.id),
    orderId: uuid("order_id").references(() => orders.id),
    /** The address to answer, and what support needs to decide (items, amount, old address…). */
    contactEmail: text("contact_email").notNull(),
    reason: text("reason"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    staffNote: text("staff_note"),
    decidedBy: text("decided_by"),
    decidedAt: ts("decided_at"),
    createdAt: createdAt(),
    /**
     * What makes two requests the same while one is open ("refund_exception:<order id>",
     * "lost_address:<customer id>:<old address>"): a second one, a double click included, finds the
     * open one instead of filing another. Free again once the request is decided (not open).
     */
    openKey: text("open_key"),
  },
  (t) => [
    index("support_requests_status_idx").on(t.status, t.createdAt),
    uniqueIndex("support_requests_open_key_uq")
      .on(t.openKey)
      .where(sql`${t.status} = 'open'`),
    index("support_requests_customer_idx").on(t.customerId, t.createdAt),
    check("support_requests_kind", inList("kind", SUPPORT_REQUEST_KINDS)),
    check("support_requests_status", inList("status", SUPPORT_REQUEST_STATUSES)),
  ],
);

/** Every money, license and identity action, who did it and to what. Append-only. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorType: text("actor_type", { enum: ACTOR_TYPES }).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [
    index("audit_log_subject_idx").on(t.subjectType, t.subjectId),
    index("audit_log_at_idx").on(t.at),
    check("audit_log_actor", inList("actor_type", ACTOR_TYPES)),
  ],
);
