import "server-only";
import { eq } from "drizzle-orm";
import type { TDb } from "@/db/open";
import { customers } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { normalizeEmail } from "@/lib/auth/sign-in-code";
import { enqueueMail } from "@/lib/email/outbox";
import { lostAddressAckMail } from "@/lib/email/templates/lost-address";
import type { TMailSettings } from "@/lib/email/templates/types";
import { mailTranslator } from "@/lib/email/translator";
import { formatDate } from "@/lib/i18n/format";
import { consumeRateLimit, type TRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { DuplicateRequest, fileSupportRequest, findOpenRequest, SUPPORT_LOCALE } from "./file-request";
import type { TLostAddress } from "./schemas";
import { recordAudit } from "@/lib/audit/record-audit";

export const LOST_ADDRESS_LIMIT: TRateLimit = { name: "lost-address", limit: 3, windowSeconds: 86_400 };

export type TRequestLostAddressResult =
  | { ok: true; requestId: string; isNew: boolean }
  | { ok: false; code: "NOT_FOUND" | "SAME_ADDRESS" | "RATE_LIMITED" };

/** One open request per customer and old address: a second one (a double click) is the same request. */
export const lostAddressOpenKey = (customerId: string, oldEmail: string) =>
  `lost_address:${customerId}:${oldEmail}`;

/**
 * "I lost access to my old address": a request for support to review (the
 * support console's queue), with everything they need to find the purchases,
 * and an acknowledgment to the signed-in address, in one transaction. Support
 * answers the signed-in address, never the old one. Support gets a mail about it. While a request
 * about the same old address is open, filing again (a double click, a second tab, a revisit)
 * answers with that request: one row, one acknowledgment, one mail to support, no rate-limit hit.
 */
export async function requestLostAddress(
  db: TDb,
  customerId: string,
  input: Omit<TLostAddress, "locale"> & { locale: TLocale },
  mail: TMailSettings,
  now = new Date(),
): Promise<TRequestLostAddressResult> {
  const oldEmail = normalizeEmail(input.oldEmail);
  const openKey = lostAddressOpenKey(customerId, oldEmail);
  try {
    return await file(db, customerId, oldEmail, openKey, input, mail, now);
  } catch (error) {
    if (!(error instanceof DuplicateRequest)) throw error;
    const open = await findOpenRequest(db, openKey);
    if (!open) throw error;
    return { ok: true, requestId: open.id, isNew: false };
  }
}

async function file(
  db: TDb,
  customerId: string,
  oldEmail: string,
  openKey: string,
  input: Omit<TLostAddress, "locale"> & { locale: TLocale },
  mail: TMailSettings,
  now: Date,
): Promise<TRequestLostAddressResult> {
  return db.transaction(async (tx) => {
    // The customer's row serialises their requests: the second of two clicks waits, then finds the first.
    const [me] = await tx
      .select({ email: customers.email })
      .from(customers)
      .where(eq(customers.id, customerId))
      .for("no key update");
    if (!me) return { ok: false, code: "NOT_FOUND" } as const;
    if (oldEmail === me.email) return { ok: false, code: "SAME_ADDRESS" } as const;
    const open = await findOpenRequest(tx, openKey);
    if (open) return { ok: true, requestId: open.id, isNew: false } as const;
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
    const purchaseDate = input.purchaseDate
      ? formatDate(new Date(`${input.purchaseDate}T00:00:00Z`), input.locale)
      : null;
    const t = mailTranslator(SUPPORT_LOCALE);
    const facts = [t("lostAddress.oldEmail", { email: oldEmail })];
    if (input.orderNumbers.length > 0)
      facts.push(t("lostAddress.orderNumbers", { numbers: input.orderNumbers.join(", ") }));
    if (input.purchaseDate) facts.push(t("lostAddress.purchaseDate", { date: input.purchaseDate }));
    if (input.amount) facts.push(t("lostAddress.amount", { amount: input.amount }));
    if (input.message) facts.push(input.message);
    const row = await fileSupportRequest(
      tx,
      {
        kind: "lost_address",
        status: "open",
        customerId,
        contactEmail: me.email,
        reason: input.message,
        details,
        createdAt: now,
        openKey,
      },
      { orderNumber: null, facts },
      mail,
    );
    if (!row) throw new DuplicateRequest();
    await recordAudit(tx, {
      actorType: "customer",
      actorId: customerId,
      action: "support.lost_address_requested",
      subjectType: "support_request",
      subjectId: row.id,
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
          purchaseDate,
          amount: input.amount,
        },
        mail,
      ),
      dedupeKey: `lost-address:${row.id}`,
    });
    return { ok: true, requestId: row.id, isNew: true } as const;
  });
}
