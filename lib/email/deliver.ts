import "server-only";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { mailOutbox, type TMailAttachmentRef } from "@/db/schema";

export type TMailAttachment = { filename: string; contentType: string; content: Buffer };

export type TSend = (mail: {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: TMailAttachment[];
}) => Promise<void>;

/** Renders a referenced document for sending; throws when it cannot (the mail is retried). */
export type TResolveAttachment = (db: TExecutor, ref: TMailAttachmentRef) => Promise<TMailAttachment>;

/** What a sensitive mail's text and HTML become once sent or given up. */
export const REMOVED_AFTER_SENDING = "[removed after sending: this mail carried a sign-in secret]";

/** The body of a sensitive row replaced, in the same statement that settles it. */
const redactedIfSensitive = {
  text: sql`case when ${mailOutbox.sensitive} then ${REMOVED_AFTER_SENDING} else ${mailOutbox.text} end`,
  html: sql`case when ${mailOutbox.sensitive} then ${REMOVED_AFTER_SENDING} else ${mailOutbox.html} end`,
};

/** After this many failed attempts a mail is marked dead (kept for support to see). */
export const MAX_MAIL_ATTEMPTS = 12;
/** How long a claimed mail is reserved for the instance that claimed it. */
const LEASE_SECONDS = 60;

/** Seconds to wait before attempt n+1: 5 s, 10 s, 20 s … capped at one hour. */
export function mailBackoffSeconds(attempts: number): number {
  return Math.min(5 * 2 ** Math.max(0, attempts - 1), 3600);
}

/**
 * Sends what is due. Rows are claimed with FOR UPDATE SKIP LOCKED and a short
 * lease in one small transaction, then sent outside it, so several instances
 * never send the same mail twice and no transaction waits on SMTP. A crash
 * between sending and marking leaves the lease to expire: at-least-once.
 */
export async function deliverDueMail(
  db: TExecutor,
  send: TSend,
  opts: { batch?: number; now?: Date; resolveAttachment?: TResolveAttachment } = {},
): Promise<{ sent: number; failed: number }> {
  const now = opts.now ?? new Date();
  const leaseUntil = new Date(now.getTime() + LEASE_SECONDS * 1000);
  const claimed = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(and(eq(mailOutbox.status, "pending"), lte(mailOutbox.nextAttemptAt, now)))
      .orderBy(mailOutbox.id)
      .limit(opts.batch ?? 20)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(mailOutbox)
      .set({ nextAttemptAt: leaseUntil, attempts: sql`${mailOutbox.attempts} + 1` })
      .where(
        inArray(
          mailOutbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning({
        id: mailOutbox.id,
        to: mailOutbox.to,
        subject: mailOutbox.subject,
        text: mailOutbox.text,
        html: mailOutbox.html,
        attempts: mailOutbox.attempts,
        attachments: mailOutbox.attachments,
      });
  });

  const sentIds: number[] = [];
  let failed = 0;
  for (const mail of claimed.sort((a, b) => a.id - b.id)) {
    try {
      const { attachments: refs, ...rest } = mail;
      if (refs.length > 0 && !opts.resolveAttachment)
        throw new Error("no renderer for the mail's attachments");
      const attachments = await Promise.all(refs.map((ref) => opts.resolveAttachment!(db, ref)));
      await send(attachments.length > 0 ? { ...rest, attachments } : rest);
      sentIds.push(mail.id);
    } catch (error) {
      failed++;
      const isDead = mail.attempts >= MAX_MAIL_ATTEMPTS;
      await db
        .update(mailOutbox)
        .set({
          status: isDead ? "dead" : "pending",
          ...(isDead ? redactedIfSensitive : {}),
          lastError: error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500),
          nextAttemptAt: new Date(now.getTime() + mailBackoffSeconds(mail.attempts) * 1000),
        })
        .where(eq(mailOutbox.id, mail.id));
    }
  }
  // One statement for the whole batch: under a burst of orders this is most of the worker's database work.
  if (sentIds.length > 0) {
    await db
      .update(mailOutbox)
      .set({ status: "sent", sentAt: new Date(), lastError: null, ...redactedIfSensitive })
      .where(inArray(mailOutbox.id, sentIds));
  }
  return { sent: sentIds.length, failed };
}
