import "server-only";
import { and, eq } from "drizzle-orm";
import type { TDb } from "@/db/open";
import { auditActorOf, type TAuditActor } from "@/lib/audit/actor";
import { customers, licenses, orderEvents, orderItems, orders, products } from "@/db/schema";
import { enqueueMail } from "@/lib/email/outbox";
import { keysMail } from "@/lib/email/templates/keys";
import type { TMailSettings } from "@/lib/email/templates/types";
import { productName } from "@/lib/orders/queries";
import { consumeRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { recordAudit } from "@/lib/audit/record-audit";

export const RESEND_KEYS_LIMIT = { name: "resend-keys", limit: 3, windowSeconds: 3600 };

/**
 * "E-mail me my keys": one mail with every active key, always to the
 * customer's own address read from the database (nothing in the request can
 * redirect it), at most three times an hour.
 */
export async function resendKeys(
  db: TDb,
  customerId: string,
  mail: TMailSettings,
  actor?: TAuditActor,
): Promise<"sent" | "rate-limited" | "none"> {
  return db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ email: customers.email, locale: customers.locale })
      .from(customers)
      .where(eq(customers.id, customerId));
    if (!customer) return "none";
    if (!(await consumeRateLimit(tx, RESEND_KEYS_LIMIT, customerId))) return "rate-limited";
    const locale = customer.locale as "en" | "fr" | "it";
    const rows = await tx
      .select({
        key: licenses.key,
        name: products.name,
        localizedNames: products.localizedNames,
        downloadUrl: products.downloadUrl,
        orderNumber: orders.orderNumber,
        orderId: orders.id,
      })
      .from(licenses)
      .innerJoin(products, eq(products.id, licenses.productId))
      .innerJoin(orderItems, eq(orderItems.id, licenses.orderItemId))
      .innerJoin(orders, eq(orders.id, orderItems.orderId))
      .where(and(eq(licenses.customerId, customerId), eq(licenses.status, "active")));
    if (rows.length === 0) return "none";
    await enqueueMail(tx, {
      to: customer.email,
      locale,
      template: "keys",
      content: keysMail(
        locale,
        {
          licenses: rows.map((r) => ({
            productName: productName(r, locale),
            key: r.key,
            orderNumber: r.orderNumber,
            downloadUrl: r.downloadUrl,
          })),
        },
        mail,
      ),
    });
    const orderIds = [...new Set(rows.map((r) => r.orderId))];
    await tx
      .insert(orderEvents)
      .values(
        orderIds.map((orderId) => ({ orderId, type: "keys_resent" as const, data: { to: customer.email } })),
      );
    const who = auditActorOf(actor, customerId);
    await recordAudit(tx, {
      actorType: who.actorType,
      actorId: who.actorId,
      action: "licenses.resent",
      subjectType: "customer",
      subjectId: customerId,
      data: { count: rows.length, ...who.note },
    });
    return "sent";
  });
}
