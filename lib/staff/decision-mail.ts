import "server-only";
import { eq } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { customers, type supportRequests } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { enqueueMail } from "@/lib/email/outbox";
import { supportDecisionMail } from "@/lib/email/templates/staff";
import type { TMailSettings } from "@/lib/email/templates/types";
import { isLocale } from "@/lib/i18n/routing";

/** The decision and the note, to whoever asked, in the customer's language; once per request. */
export async function mailDecision(
  db: TExecutor,
  request: typeof supportRequests.$inferSelect,
  approved: boolean,
  note: string,
  mail: TMailSettings,
): Promise<void> {
  const [customer] = request.customerId
    ? await db
        .select({ locale: customers.locale })
        .from(customers)
        .where(eq(customers.id, request.customerId))
    : [];
  const locale: TLocale = isLocale(customer?.locale) ? customer.locale : "en";
  await enqueueMail(db, {
    to: request.contactEmail,
    locale,
    template: approved ? "support-approved" : "support-declined",
    dedupeKey: `support-decision:${request.id}`,
    content: supportDecisionMail(
      locale,
      {
        approved,
        kind: request.kind,
        orderNumber: typeof request.details.orderNumber === "string" ? request.details.orderNumber : null,
        note,
      },
      mail,
    ),
  });
}
