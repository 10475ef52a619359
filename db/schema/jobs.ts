import { sql } from "drizzle-orm";
import { bigserial, boolean, check, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, inList, LOCALES, ts } from "./shared";

/** A document (invoice or credit note) a mail carries as a PDF, by its id in `invoices`. */
export type TMailAttachmentRef = { documentId: string };

export const OUTBOX_STATUSES = ["pending", "sent", "dead"] as const;
export const JOB_STATUSES = ["pending", "done", "dead"] as const;

/**
 * Mail to send, written in the same transaction as the change that causes it.
 * A worker claims rows with FOR UPDATE SKIP LOCKED, sends, retries with backoff.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    to: text("to").notNull(),
    locale: text("locale").notNull(),
    template: text("template").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
    /** Optional: at most one mail per key (e.g. "delivery:<order id>"). */
    dedupeKey: text("dedupe_key").unique(),
    /**
     * A mail that carries a secret (a sign-in code and link, an address-claim code): once sent (or
     * given up), its text and HTML are replaced, so the outbox keeps no usable secret.
     */
    sensitive: boolean("sensitive").notNull().default(false),
    /**
     * Documents to attach, by reference: rendered to PDF when the mail is sent (lib/email/deliver), so
     * the outbox, which keeps mails after sending, holds no copies of PDFs, and the attachment is the
     * same rendering as the download.
     */
    attachments: jsonb("attachments").$type<TMailAttachmentRef[]>().notNull().default([]),
    sentAt: ts("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("mail_outbox_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    check("mail_outbox_status", inList("status", OUTBOX_STATUSES)),
    check("mail_outbox_locale", inList("locale", LOCALES)),
    check("mail_outbox_attempts", sql`${t.attempts} >= 0`),
  ],
);

/** Durable background work (Stripe retries, expiries), claimed like the outbox. */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    runAt: ts("run_at").notNull().defaultNow(),
    lastError: text("last_error"),
    /** At most one job per key, e.g. "refund:<refund id>". */
    dedupeKey: text("dedupe_key").unique(),
    createdAt: createdAt(),
    finishedAt: ts("finished_at"),
  },
  (t) => [
    index("jobs_due_idx")
      .on(t.runAt)
      .where(sql`${t.status} = 'pending'`),
    check("jobs_status", inList("status", JOB_STATUSES)),
    check("jobs_attempts", sql`${t.attempts} >= 0`),
  ],
);
