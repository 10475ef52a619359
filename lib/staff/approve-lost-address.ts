import "server-only";
import { and, eq } from "drizzle-orm";
import type { TDb } from "@/db/open";
import { customers, supportRequests } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { normalizeEmail } from "@/lib/auth/sign-in-code";
import { attachPurchases, newestOrderNumbers } from "@/lib/customers/attach-purchases";
import { enqueueMail } from "@/lib/email/outbox";
import { addressAttachedMail, addressMovedMail } from "@/lib/email/templates/address-claim";
import type { TMailSettings } from "@/lib/email/templates/types";
import { isLocale } from "@/lib/i18n/routing";
import { mailDecision } from "./decision-mail";
import type { TStaff } from "./staff-sign-in";
import { recordAudit } from "@/lib/audit/record-audit";

export type TApproveLostAddressResult =
  | { ok: true; orders: number; licenses: number; subscriptions: number }
  | {
      ok: false;
      code: "ALREADY_DECIDED" | "ATTACH_TARGET_NOT_FOUND" | "ATTACH_SAME_ADDRESS" | "ATTACH_NOTHING";
      decidedBy?: string | null;
    };

const localeOf = (l: string | null | undefined): TLocale => (isLocale(l) ? l : "en");

/**
 * Approving a lost-address request: everything bought with the old address moves to the account the
 * staff member names (by default the one that asked), through the same operation as a customer's
 * own address claim. The request is decided, the purchases move, the audit rows are written and
 * both addresses are mailed (the account that receives them, and the old address, told where they
 * went), with the decision and the note to whoever asked, in one transaction; of two agents
 * approving at once one does it, the other is told it was taken.
 */
export async function approveLostAddress(
  db: TDb,
  staff: TStaff,
  input: { requestId: string; note: string; attachTo?: string; now: Date },
  mail: TMailSettings,
): Promise<TApproveLostAddressResult> {
  return db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(supportRequests)
      .where(eq(supportRequests.id, input.requestId))
      .for("update");
    if (!request || request.status !== "open")
      return { ok: false, code: "ALREADY_DECIDED", decidedBy: request?.decidedBy } as const;
    const oldEmail =
      typeof request.details.oldEmail === "string" ? normalizeEmail(request.details.oldEmail) : "";
    const targetEmail = normalizeEmail(input.attachTo ?? request.contactEmail);
    if (targetEmail === oldEmail) return { ok: false, code: "ATTACH_SAME_ADDRESS" } as const;
    const [to] = await tx
      .select({ id: customers.id, email: customers.email, locale: customers.locale })
      .from(customers)
      .where(eq(customers.email, targetEmail));
    if (!to) return { ok: false, code: "ATTACH_TARGET_NOT_FOUND" } as const;
    // Locking the old address's customer waits for a purchase being recorded under it right now.
    const [from] = oldEmail
      ? await tx
          .select({ id: customers.id, locale: customers.locale })
          .from(customers)
          .where(eq(customers.email, oldEmail))
          .for("update")
      : [];
    if (!from) return { ok: false, code: "ATTACH_NOTHING" } as const;

    const [decided] = await tx
      .update(supportRequests)
      .set({ status: "approved", staffNote: input.note, decidedBy: staff.email, decidedAt: input.now })
      .where(and(eq(supportRequests.id, request.id), eq(supportRequests.status, "open")))
      .returning();
    const moved = await attachPurchases(tx, {
      fromCustomerId: from.id,
      toCustomerId: to.id,
      now: input.now,
      event: { from: oldEmail, to: to.email, requestId: request.id, by: staff.email },
    });
    const counts = {
      orders: moved.orders.length,
      licenses: moved.licenses,
      subscriptions: moved.subscriptions,
    };
    await recordAudit(tx, {
      actorType: "staff",
      actorId: staff.email,
      action: "support_request.approved",
      subjectType: "support_request",
      subjectId: request.id,
      data: { note: input.note, kind: request.kind },
      at: input.now,
    });
    // supportRequestId: an audit row's requestId is the HTTP request's (X-Request-Id).
    await recordAudit(tx, {
      actorType: "staff",
      actorId: staff.email,
      action: "customer.address_attached",
      subjectType: "customer",
      subjectId: to.id,
      data: {
        from: oldEmail,
        to: to.email,
        supportRequestId: request.id,
        fromCustomerId: from.id,
        note: input.note,
        ...counts,
      },
      at: input.now,
    });
    const toLocale = localeOf(to.locale);
    await enqueueMail(tx, {
      to: to.email,
      locale: toLocale,
      template: "address-attached",
      content: addressAttachedMail(
        toLocale,
        { from: oldEmail, orderNumbers: newestOrderNumbers(moved.orders), licenses: moved.licenses },
        mail,
      ),
      dedupeKey: `address-attached:request:${request.id}`,
    });
    const fromLocale = localeOf(from.locale);
    await enqueueMail(tx, {
      to: oldEmail,
      locale: fromLocale,
      template: "address-moved",
      content: addressMovedMail(fromLocale, { to: to.email, orders: counts.orders }, mail),
      dedupeKey: `address-moved:${request.id}`,
    });
    await mailDecision(tx, decided!, true, input.note, mail);
    return { ok: true, ...counts } as const;
  });
}
