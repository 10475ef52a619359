import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { supportRequests } from "@/db/schema";
import { enqueueMail } from "@/lib/email/outbox";
import { supportRequestMail, type TSupportRequestNotice } from "@/lib/email/templates/support-request";
import type { TMailSettings } from "@/lib/email/templates/types";

/** Support reads its mail in the portal's default language. */
export const SUPPORT_LOCALE = "en";

export type TNewSupportRequest = typeof supportRequests.$inferInsert & { openKey: string };

/** The open request under this key, if any (the caller holds the lock that serialises filing). */
export async function findOpenRequest(tx: TExecutor, openKey: string): Promise<{ id: string } | undefined> {
  const [row] = await tx
    .select({ id: supportRequests.id })
    .from(supportRequests)
    .where(and(eq(supportRequests.openKey, openKey), eq(supportRequests.status, "open")));
  return row;
}

/**
 * Files a request for support and mails support about it, in the caller's transaction. The
 * partial unique index on the open key is the last word: if another transaction filed the same
 * request meanwhile, nothing is inserted and `null` comes back (the caller rolls back whatever it
 * counted). Callers lock the row the request is about first (order, customer), so this is rare.
 */
export async function fileSupportRequest(
  tx: TExecutor,
  values: TNewSupportRequest,
  notice: Omit<TSupportRequestNotice, "requestId" | "kind" | "customerEmail">,
  mail: TMailSettings,
): Promise<{ id: string } | null> {
  const [row] = await tx
    .insert(supportRequests)
    .values(values)
    .onConflictDoNothing({ target: supportRequests.openKey, where: sql`${supportRequests.status} = 'open'` })
    .returning({ id: supportRequests.id });
  if (!row) return null;
  await enqueueMail(tx, {
    to: mail.supportEmail,
    locale: SUPPORT_LOCALE,
    template: "support-request",
    dedupeKey: `support-request:${row.id}`,
    content: supportRequestMail(
      SUPPORT_LOCALE,
      { ...notice, requestId: row.id, kind: values.kind, customerEmail: values.contactEmail },
      mail,
    ),
  });
  return row;
}

/** Thrown inside a transaction to undo it (a duplicate that slipped past the lock). */
export class DuplicateRequest extends Error {
  constructor() {
    super("duplicate open support request");
  }
}
