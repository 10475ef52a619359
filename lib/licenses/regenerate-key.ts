import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { TDb } from "@/db/open";
import { auditActorOf, type TAuditActor } from "@/lib/audit/actor";
import { customers, licenses, orderEvents, orderItems, products, subscriptions } from "@/db/schema";
import { enqueueMail } from "@/lib/email/outbox";
import { keyRegeneratedMail } from "@/lib/email/templates/keys";
import type { TMailSettings } from "@/lib/email/templates/types";
import { productName } from "@/lib/orders/queries";
import { generateLicenseKey } from "./license-key";
import { recordAudit } from "@/lib/audit/record-audit";

/**
 * A customer who fears a key leaked gets a new one; the old one is revoked, in
 * one transaction with the audit row and the mail. Another customer's license,
 * or one that is not active, is NOT_FOUND, exactly like a missing one.
 *
 * The key of a yearly plan is the plan's current key: the plan is moved to the
 * new key in the same transaction, so renewal, cancel, refund and plan end
 * follow it (the new key keeps the old one's expiry until the next renewal).
 */
export async function regenerateLicenseKey(
  db: TDb,
  customerId: string,
  licenseId: string,
  mail: TMailSettings,
  actor?: TAuditActor,
): Promise<{ ok: true; newLicenseId: string } | { ok: false; code: "NOT_FOUND" }> {
  return db.transaction(async (tx) => {
    // Lock order: the plan row before its license, as the subscription webhooks and swaps lock them.
    const plans = await tx
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(eq(subscriptions.licenseId, licenseId), eq(subscriptions.customerId, customerId)))
      .for("update");
    const [old] = await tx
      .select({
        id: licenses.id,
        key: licenses.key,
        orderItemId: licenses.orderItemId,
        productId: licenses.productId,
        expiresAt: licenses.expiresAt,
      })
      .from(licenses)
      .where(
        and(eq(licenses.id, licenseId), eq(licenses.customerId, customerId), eq(licenses.status, "active")),
      )
      .for("update");
    if (!old) return { ok: false, code: "NOT_FOUND" } as const;
    const [fresh] = await tx
      .insert(licenses)
      .values({
        key: generateLicenseKey(),
        customerId,
        orderItemId: old.orderItemId,
        productId: old.productId,
        expiresAt: old.expiresAt,
      })
      .returning({ id: licenses.id, key: licenses.key });
    await tx
      .update(licenses)
      .set({
        status: "revoked",
        revokedAt: new Date(),
        revokedReason: "regenerated",
        replacedById: fresh!.id,
      })
      .where(eq(licenses.id, old.id));
    if (plans.length > 0) {
      await tx
        .update(subscriptions)
        .set({ licenseId: fresh!.id, updatedAt: new Date() })
        .where(
          inArray(
            subscriptions.id,
            plans.map((p) => p.id),
          ),
        );
    }
    const [item] = await tx
      .select({ orderId: orderItems.orderId })
      .from(orderItems)
      .where(eq(orderItems.id, old.orderItemId));
    await tx
      .insert(orderEvents)
      .values({ orderId: item!.orderId, type: "key_regenerated", data: { oldKeyEnd: old.key.slice(-5) } });
    const who = auditActorOf(actor, customerId);
    await recordAudit(tx, {
      actorType: who.actorType,
      actorId: who.actorId,
      action: "license.regenerated",
      subjectType: "license",
      subjectId: old.id,
      data: { newLicenseId: fresh!.id, ...who.note },
    });
    const [customer] = await tx
      .select({ email: customers.email, locale: customers.locale })
      .from(customers)
      .where(eq(customers.id, customerId));
    const [product] = await tx
      .select({ name: products.name, localizedNames: products.localizedNames })
      .from(products)
      .where(eq(products.id, old.productId));
    const locale = customer!.locale as "en" | "fr" | "it";
    await enqueueMail(tx, {
      to: customer!.email,
      locale,
      template: "key-regenerated",
      content: keyRegeneratedMail(
        locale,
        { productName: productName(product!, locale), newKey: fresh!.key, oldKeyEnd: old.key.slice(-5) },
        mail,
      ),
    });
    return { ok: true, newLicenseId: fresh!.id } as const;
  });
}
