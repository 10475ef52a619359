import "server-only";
import { eq, sql, type SQL } from "drizzle-orm";
import { mailOutbox, type TMailAttachmentRef } from "@/db/schema";
import type { TExecutor } from "@/db/open";
import type { TLocale } from "@/db/schema/shared";
import type { TMailContent } from "./templates/types";

/**
 * Queues a mail in the caller's transaction: it is sent only if the change that
 * causes it commits, and it is never lost while SMTP is down. With a dedupe key,
 * a second enqueue of the same mail does nothing.
 */
export async function enqueueMail(
  tx: TExecutor,
  mail: {
    to: string;
    locale: TLocale;
    template: string;
    content: TMailContent;
    dedupeKey?: string;
    /** Carries a secret: its body is removed once sent (lib/email/deliver). */
    sensitive?: boolean;
    /** Invoices or credit notes to attach as PDFs, rendered when the mail is sent. */
    attachments?: TMailAttachmentRef[];
  },
): Promise<void> {
  await tx
    .insert(mailOutbox)
    .values({
      to: mail.to,
      locale: mail.locale,
      template: mail.template,
      subject: mail.content.subject,
      text: mail.content.text,
      html: mail.content.html,
      dedupeKey: mail.dedupeKey,
      sensitive: mail.sensitive ?? false,
      attachments: mail.attachments ?? [],
    })
    .onConflictDoNothing({ target: mailOutbox.dedupeKey });
}

/**
 * A mail enqueued before a document's number is drawn names the number by a placeholder (a random
 * UUID: no template escapes, wraps or changes it). This clause of the statement that draws the
 * number (a `with` of the document's insert) puts the number in, so that nothing between the
 * number and the commit waits for another round trip. The mail is found by its dedupe key.
 */
export function numberIntoMailCte(
  tx: TExecutor,
  mail: { dedupeKey: string; placeholder: string },
  number: SQL<string>,
) {
  const named = (column: string) =>
    sql`${sql.identifier(column)} = replace(${sql.identifier(column)}, ${mail.placeholder}, ${number})`;
  return tx.$with("mail_named", { id: sql<number>`"id"` }).as(sql`
    update ${mailOutbox} set ${named("subject")}, ${named("text")}, ${named("html")}
    where ${mailOutbox.dedupeKey} = ${mail.dedupeKey}
    returning ${mailOutbox.id} as "id"`);
}

/** A queued mail written again (by its dedupe key), in the transaction that queued it. */
export async function rewriteMail(
  tx: TExecutor,
  dedupeKey: string,
  mail: { content: TMailContent; attachments: TMailAttachmentRef[] },
): Promise<void> {
  await tx
    .update(mailOutbox)
    .set({ ...mail.content, attachments: mail.attachments })
    .where(eq(mailOutbox.dedupeKey, dedupeKey));
}
