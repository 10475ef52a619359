import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  customers,
  licenses,
  mailOutbox,
  orderEvents,
  orderItems,
  orders,
  refunds,
  supportRequests,
} from "@/db/schema";
import { requestRefundException } from "@/lib/refunds/request-refund-exception";
import { requestLostAddress } from "@/lib/support/request-lost-address";
import {
  buy,
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { signInStaff, TEST_STAFF_EMAILS } from "@/tests/staff-session";
import { decideRequest, listQueue } from "./queue";
import { NotStaffError, type TStaff } from "./staff-sign-in";

let h: TPortalHarness;
let agents: TStaff[];
let backup: { price: Stripe.Price };

beforeAll(async () => {
  h = await startPortalHarness();
  backup = await createCatalogItem(h.stripe, { slug: "q-backup", name: "Backup Pro", amount: 5000 });
  agents = [await signInStaff(h.t.db, TEST_STAFF_EMAILS[0]), await signInStaff(h.t.db, TEST_STAFF_EMAILS[1])];
});
afterAll(async () => {
  await h?.close();
});

const deps = () => ({ stripe: h.stripe, mail: MAIL_SETTINGS });

/** A purchase made 120 days ago and the customer's past-window request for it. */
async function pastWindowRequest(email: string, locale: "en" | "fr" | "it") {
  const session = await buy(h, { email, items: [{ price: backup.price.id }], mode: "payment" });
  await h.flush();
  const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
  const longAgo = new Date(Date.now() - 120 * 86_400_000);
  await h.t.db.update(orderItems).set({ purchasedAt: longAgo }).where(eq(orderItems.orderId, order!.id));
  await h.t.db.update(orders).set({ paidAt: longAgo, locale }).where(eq(orders.id, order!.id));
  const { customers } = await import("@/db/schema");
  await h.t.db.update(customers).set({ locale }).where(eq(customers.id, order!.customerId));
  const r = await requestRefundException(
    h.t.db,
    order!.customerId,
    { orderNumber: order!.orderNumber, reason: "not_working", reasonText: "Crashed on start.", locale },
    MAIL_SETTINGS,
  );
  if (!r.ok) throw new Error(r.code);
  return { order: order!, requestId: r.requestId };
}

describe("review queue", () => {
  it("lists open requests oldest first with the days past the window, for staff only", async () => {
    const p = await pastWindowRequest("queue1@example.com", "en");
    const rows = await listQueue(h.t.db, agents[0]!);
    const row = rows.find((r) => r.id === p.requestId)!;
    expect(row).toMatchObject({
      orderNumber: p.order.orderNumber,
      amount: 5000,
      reasonText: "Crashed on start.",
    });
    expect(row.daysPastWindow).toBeGreaterThanOrEqual(29);
    await expect(listQueue(h.t.db, null as unknown as TStaff)).rejects.toThrow(NotStaffError);
    await expect(
      decideRequest(
        h.t.db,
        { email: "agent@lumen.test" } as unknown as TStaff,
        {
          requestId: p.requestId,
          decision: "approve",
          note: "x",
        },
        deps(),
      ),
    ).rejects.toThrow(NotStaffError);
  });

  it("ten concurrent approvals by two agents: one decision, one refund in Stripe, one mail in Italian", async () => {
    const p = await pastWindowRequest("concurrent@example.com", "it");
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        decideRequest(
          h.t.db,
          agents[i % 2]!,
          { requestId: p.requestId, decision: "approve", note: `Va bene ${i}` },
          deps(),
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.code)).toEqual(Array(9).fill("ALREADY_DECIDED"));
    const rows = await h.t.db.select().from(refunds).where(eq(refunds.orderId, p.order.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: "support", amount: 5000 });
    const stripeRefunds = await h.stripe.refunds.list({ payment_intent: p.order.stripePaymentIntentId! });
    expect(stripeRefunds.data).toHaveLength(1);
    const [request] = await h.t.db.select().from(supportRequests).where(eq(supportRequests.id, p.requestId));
    expect(request!.status).toBe("approved");
    expect(TEST_STAFF_EMAILS).toContain(request!.decidedBy);
    const mails = await h.t.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.to, "concurrent@example.com"), eq(mailOutbox.template, "support-approved")));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.locale).toBe("it");
    expect(mails[0]!.text).toContain(request!.staffNote!);
    const audits = await h.t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, p.requestId), eq(auditLog.action, "support_request.approved")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorType: "staff", actorId: request!.decidedBy });
  });

  it("decline mails the customer once, with the note; a second decision is told it was taken", async () => {
    const p = await pastWindowRequest("decline@example.com", "fr");
    const first = await decideRequest(
      h.t.db,
      agents[0]!,
      { requestId: p.requestId, decision: "decline", note: "Hors politique." },
      deps(),
    );
    expect(first).toEqual({ ok: true, code: "DECLINED" });
    const second = await decideRequest(
      h.t.db,
      agents[1]!,
      { requestId: p.requestId, decision: "approve", note: "Oups" },
      deps(),
    );
    expect(second).toMatchObject({ ok: false, code: "ALREADY_DECIDED", decidedBy: "agent@lumen.test" });
    const mails = await h.t.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.to, "decline@example.com"), eq(mailOutbox.template, "support-declined")));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.locale).toBe("fr");
    expect(mails[0]!.text).toContain("Hors politique.");
    expect(await h.t.db.select().from(refunds).where(eq(refunds.orderId, p.order.id))).toHaveLength(0);
  });

  it("approving a lost address attaches the old address's purchases to the named account, once, mailing both", async () => {
    const session = await buy(h, { email: "old-box@example.com", items: [{ price: backup.price.id }] });
    await h.flush();
    const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
    const oldId = order!.customerId;
    const [me] = await h.t.db
      .insert(customers)
      .values({ email: "new-box@example.com", locale: "fr" })
      .returning({ id: customers.id });
    const filed = await requestLostAddress(
      h.t.db,
      me!.id,
      {
        oldEmail: "Old-Box@example.com",
        orderNumbers: [order!.orderNumber],
        purchaseDate: null,
        amount: null,
        message: null,
        locale: "fr",
      },
      MAIL_SETTINGS,
    );
    if (!filed.ok) throw new Error(filed.code);
    const row = (await listQueue(h.t.db, agents[0]!)).find((r) => r.id === filed.requestId)!;
    expect(row.lostAddress).toMatchObject({ oldEmail: "old-box@example.com", ordersAtOld: 1 });

    const approve = (attachTo: string, i = 0) =>
      decideRequest(
        h.t.db,
        agents[i % 2]!,
        { requestId: filed.requestId, decision: "approve", note: `Identité vérifiée ${i}`, attachTo },
        deps(),
      );
    // A name that is no account, or the old address itself: nothing happens, the request stays open.
    expect(await approve("nobody@example.com")).toEqual({ ok: false, code: "ATTACH_TARGET_NOT_FOUND" });
    expect(await approve("old-box@example.com")).toEqual({ ok: false, code: "ATTACH_SAME_ADDRESS" });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => approve("New-Box@example.com", i)));
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, code: "APPROVED" }]);
    expect(results.filter((r) => !r.ok).map((r) => r.code)).toEqual(Array(4).fill("ALREADY_DECIDED"));

    const [moved] = await h.t.db.select().from(orders).where(eq(orders.id, order!.id));
    expect(moved!.customerId).toBe(me!.id);
    expect(await h.t.db.select().from(licenses).where(eq(licenses.customerId, oldId))).toHaveLength(0);
    expect(await h.t.db.select().from(licenses).where(eq(licenses.customerId, me!.id))).toHaveLength(1);
    const events = await h.t.db.select().from(orderEvents).where(eq(orderEvents.orderId, order!.id));
    expect(events.filter((e) => e.type === "attached")).toHaveLength(1);

    const mailsTo = (to: string, template: string) =>
      h.t.db
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.to, to), eq(mailOutbox.template, template)));
    const [attached] = await mailsTo("new-box@example.com", "address-attached");
    expect(attached).toMatchObject({ locale: "fr" });
    expect(attached!.text).toContain(order!.orderNumber);
    const [told] = await mailsTo("old-box@example.com", "address-moved");
    expect(told!.text).toContain("new-box@example.com");
    const decisions = await mailsTo("new-box@example.com", "support-approved");
    expect(decisions).toHaveLength(1);
    expect(decisions[0]!.text).toMatch(/Identité vérifiée \d/);

    const [audit] = await h.t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, me!.id), eq(auditLog.action, "customer.address_attached")));
    expect(audit).toMatchObject({ actorType: "staff" });
    expect(TEST_STAFF_EMAILS).toContain(audit!.actorId);
    expect(audit!.data).toMatchObject({ from: "old-box@example.com", to: "new-box@example.com", orders: 1 });
    expect(String(audit!.data.note)).toMatch(/^Identité vérifiée/);
  });
});
