import "server-only";
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
