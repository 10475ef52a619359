import "server-only";
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { TDb } from "@/db/open";
import { customers, orderItems, orders } from "@/db/schema";
import type { TAuditActor } from "@/lib/audit/actor";
import type { TMailSettings } from "@/lib/email/templates/types";
import { regenerateLicenseKey } from "@/lib/licenses/regenerate-key";
import { resendKeys } from "@/lib/licenses/resend-keys";
import { confirmRefund } from "@/lib/refunds/confirm-refund";
import { requestRefund } from "@/lib/refunds/request-refund";
import { cancelSubscription } from "@/lib/subscriptions/cancel-subscription";
import { resumeSubscription } from "@/lib/subscriptions/resume-subscription";
import { assertStaff, type TStaff } from "./staff-sign-in";

/**
 * What support does for a customer: the customer's own operations (same locks, idempotency, mails),
 * with the staff member and their note as the actor of the audit rows. Every one checks the staff
 * session first; a customer that does not exist is NOT_FOUND.
 */
type TDeps = { mail: TMailSettings; stripe: Stripe };

function actorOf(staff: TStaff, note: string): TAuditActor {
  return { type: "staff", email: staff.email, note };
}

async function customerExists(db: TDb, customerId: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(customerId)) return false;
  const [c] = await db.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId));
  return Boolean(c);
}

export async function resendKeysFor(
  db: TDb,
  staff: TStaff,
  input: { customerId: string; note: string },
  deps: Pick<TDeps, "mail">,
): Promise<{ ok: true; code: "KEYS_SENT" } | { ok: false; code: "NOT_FOUND" | "RATE_LIMITED" | "NO_KEYS" }> {
  assertStaff(staff);
  if (!(await customerExists(db, input.customerId))) return { ok: false, code: "NOT_FOUND" };
  const r = await resendKeys(db, input.customerId, deps.mail, actorOf(staff, input.note));
  if (r === "sent") return { ok: true, code: "KEYS_SENT" };
  return { ok: false, code: r === "rate-limited" ? "RATE_LIMITED" : "NO_KEYS" };
}

export async function regenerateKeyFor(
  db: TDb,
  staff: TStaff,
  input: { customerId: string; licenseId: string; note: string },
  deps: Pick<TDeps, "mail">,
): Promise<{ ok: true; code: "KEY_REGENERATED" } | { ok: false; code: "NOT_FOUND" }> {
  assertStaff(staff);
  if (!(await customerExists(db, input.customerId))) return { ok: false, code: "NOT_FOUND" };
  const r = await regenerateLicenseKey(
    db,
    input.customerId,
    input.licenseId,
    deps.mail,
    actorOf(staff, input.note),
  );
  return r.ok ? { ok: true, code: "KEY_REGENERATED" } : r;
}

export type TRefundForCode =
  "NOTHING_SELECTED" | "ITEM_NOT_FOUND" | "ALREADY_REFUNDED" | "WINDOW_CLOSED" | "EXCEEDS_PAID";

/** Refunds one item, inside or outside the 90 days: the customer's two steps in one go. */
export async function refundItemFor(
  db: TDb,
  staff: TStaff,
  input: { customerId: string; itemId: string; note: string; locale: string; now?: Date },
  deps: TDeps,
): Promise<
  { ok: true; code: "REFUND_STARTED"; refundId: string } | { ok: false; code: TRefundForCode | "NOT_FOUND" }
> {
  assertStaff(staff);
  if (!(await customerExists(db, input.customerId)) || !/^[0-9a-f-]{36}$/i.test(input.itemId))
    return { ok: false, code: "NOT_FOUND" };
  const [order] = await db
    .select({ orderNumber: orders.orderNumber })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(eq(orderItems.id, input.itemId), eq(orders.customerId, input.customerId)));
  if (!order) return { ok: false, code: "NOT_FOUND" };
  const requested = await requestRefund(db, input.customerId, {
    orderNumber: order.orderNumber,
    itemIds: [input.itemId],
    reason: "other",
    reasonText: input.note,
    locale: input.locale,
    now: input.now,
    bySupport: true,
  });
  if (!requested.ok) return requested;
  const confirmed = await confirmRefund(db, input.customerId, requested.refundId, {
    ...deps,
    now: input.now,
    actor: actorOf(staff, input.note),
  });
  return confirmed.ok ? { ok: true, code: "REFUND_STARTED", refundId: requested.refundId } : confirmed;
}

export async function setPlanFor(
  db: TDb,
  staff: TStaff,
  input: { customerId: string; subscriptionId: string; step: "cancel" | "resume"; note: string },
  deps: TDeps,
): Promise<
  | { ok: true; code: "PLAN_CANCELLED" | "PLAN_RESUMED" }
  | { ok: false; code: "NOT_FOUND" | "PLAN_ENDED" | "PLAN_INACTIVE" | "STRIPE_UNAVAILABLE" }
> {
  assertStaff(staff);
  if (!(await customerExists(db, input.customerId)) || !/^[0-9a-f-]{36}$/i.test(input.subscriptionId))
    return { ok: false, code: "NOT_FOUND" };
  const planDeps = { ...deps, actor: actorOf(staff, input.note) };
  const r =
    input.step === "cancel"
      ? await cancelSubscription(
          db,
          input.customerId,
          { subscriptionId: input.subscriptionId, reason: "customer_service", comment: input.note },
          planDeps,
        )
      : await resumeSubscription(db, input.customerId, input.subscriptionId, planDeps);
  if (!r.ok) return r;
  return { ok: true, code: input.step === "cancel" ? "PLAN_CANCELLED" : "PLAN_RESUMED" };
}
