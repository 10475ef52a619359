import "server-only";
import { eq } from "drizzle-orm";
import type { TDb } from "@/db/open";
import { auditLog, customers, supportRequests } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { normalizeEmail } from "@/lib/auth/sign-in-code";
import { enqueueMail } from "@/lib/email/outbox";
import { lostAddressAckMail } from "@/lib/email/templates/lost-address";
import type { TMailSettings } from "@/lib/email/templates/types";
import { formatDate } from "@/lib/i18n/format";
import { consumeRateLimit, type TRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import type { TLostAddress } from "./schemas";

export const LOST_ADDRESS_LIMIT: TRateLimit = { name: "lost-address", limit: 3, windowSeconds: 86_400 };

export type TRequestLostAddressResult =
  { ok: true; requestId: string } | { ok: false; code: "NOT_FOUND" | "SAME_ADDRESS" | "RATE_LIMITED" };

/**
 * "I lost access to my old address": a request for support to review (the
 * support console's queue), with everything they need to find the purchases,
 * and an acknowledgment to the signed-in address, in one transaction. Support
 * answers the signed-in address, never the old one.
 */
export async function requestLostAddress(
  db: TDb,
  customerId: string,
  input: Omit<TLostAddress, "locale"> & { locale: TLocale },
  mail: TMailSettings,
  now = new Date(),
): Promise<TRequestLostAddressResult> {
  const oldEmail = normalizeEmail(input.oldEmail);
  return db.transaction(async (tx) => {
    const [me] = await tx
      .select({ email: customers.email })
      .from(customers)
      .where(eq(customers.id, customerId));
    if (!me) return { ok: false, code: "NOT_FOUND" } as const;
    if (oldEmail === me.email) return { ok: false, code: "SAME_ADDRESS" } as const;
    if (!(await consumeRateLimit(tx, LOST_ADDRESS_LIMIT, customerId, now)))
      return { ok: false, code: "RATE_LIMITED" } as const;

    const details = {
      oldEmail,
      orderNumbers: input.orderNumbers,
      purchaseDate: input.purchaseDate,
      amount: input.amount,
      message: input.message,
      requestedByCustomerId: customerId,
      requestedByEmail: me.email,
      locale: input.locale,
    };
    const [row] = await tx
      .insert(supportRequests)
      .values({
        kind: "lost_address",
        status: "open",
        customerId,
        contactEmail: me.email,
        reason: input.message,
        details,
        createdAt: now,
      })
      .returning({ id: supportRequests.id });
    await tx.insert(auditLog).values({
      actorType: "customer",
      actorId: customerId,
      action: "support.lost_address_requested",
      subjectType: "support_request",
      subjectId: row!.id,
      data: { oldEmail, orderNumbers: input.orderNumbers.length },
      at: now,
    });
    await enqueueMail(tx, {
      to: me.email,
      locale: input.locale,
      template: "lost-address",
      content: lostAddressAckMail(
        input.locale,
        {
          oldEmail,
          orderNumbers: input.orderNumbers,
          purchaseDate: input.purchaseDate
            ? formatDate(new Date(`${input.purchaseDate}T00:00:00Z`), input.locale)
            : null,
          amount: input.amount,
        },
        mail,
      ),
      dedupeKey: `lost-address:${row!.id}`,
    });
    return { ok: true, requestId: row!.id } as const;
  });
}
