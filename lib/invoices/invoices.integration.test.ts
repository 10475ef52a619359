import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoices, mailOutbox, orderItems, orders, payments, products, swaps } from "@/db/schema";
import { syncCatalog } from "@/lib/catalog/sync-catalog";
import { confirmRefund } from "@/lib/refunds/confirm-refund";
import { requestRefund } from "@/lib/refunds/request-refund";
import { startSwap } from "@/lib/swaps/start-swap";
import {
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";

let h: TPortalHarness;
let vat: Stripe.TaxRate;
const cat: Record<string, { product: Stripe.Product; price: Stripe.Price }> = {};
const deps = () => ({ stripe: h.stripe, mail: MAIL_SETTINGS });

beforeAll(async () => {
  h = await startPortalHarness();
  vat = await h.stripe.taxRates.create({
    display_name: "VAT",
    percentage: 20,
    inclusive: false,
    country: "FR",
  });
  for (const [slug, amount, family, yearly] of [
    ["i-standard", 2995, "i-backup"],
    ["i-technician", 19900, "i-backup"],
    ["i-plan", 2995, "i-plan", true],
  ] as const) {
    cat[slug] = await createCatalogItem(h.stripe, {
      slug,
      name: slug,
      amount,
      family,
      yearly: true === yearly,
    });
  }
  await syncCatalog(h.t.db, h.stripe, { force: true });
});
afterAll(async () => {
  await h?.close();
});

async function checkout(
  email: string,
  slug: string,
  locale = "en",
  mode: "payment" | "subscription" = "payment",
) {
  return h.stripe.checkout.sessions.create({
    mode,
    customer_email: email,
    line_items: [{ price: cat[slug]!.price.id, quantity: 1, tax_rates: [vat.id] }],
    success_url: "http://portal.test/thanks",
    cancel_url: "http://portal.test/cancelled",
    metadata: { locale, country: "FR" },
  });
}
const pay = (id: string) =>
  h.control("POST", `/checkout/sessions/${id}/complete`, { card: "4242424242424242" });
async function orderOf(sessionId: string) {
  const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, sessionId));
  const items = await h.t.db.select().from(orderItems).where(eq(orderItems.orderId, order!.id));
  return { order: order!, items };
}
const invoicesOf = (orderId: string) =>
  h.t.db.select().from(invoices).where(eq(invoices.orderId, orderId)).orderBy(invoices.number);
const numberOf = (n: string) => Number(n.split("-").at(-1));

describe("invoices", () => {
  it("50 concurrent purchases get 50 invoices numbered without gap or duplicate, with their content", async () => {
    const sessions = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        checkout(`inv-${n}@example.com`, "i-standard", ["en", "fr", "it"][n % 3]),
      ),
    );
    await Promise.all(sessions.map((s) => pay(s.id)));
    // 50 deliveries at once can outlast one flush's wait on a busy machine.
    for (let n = 0; n < 5; n++) {
      await h.flush();
      if ((await h.t.db.select({ id: orders.id }).from(orders)).length >= 50) break;
    }
    const rows = await h.t.db.select().from(invoices).where(eq(invoices.kind, "invoice"));
    expect(rows).toHaveLength(50);
    const year = new Date().getUTCFullYear();
    const numbers = rows.map((r) => r.number).sort();
    expect(numbers.every((n) => n.startsWith(`INV-${year}-`))).toBe(true);
    expect(numbers.map(numberOf)).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));

    const { order } = await orderOf(sessions[1]!.id);
    const [invoice] = await invoicesOf(order.id);
    expect(invoice).toMatchObject({
      kind: "invoice",
      locale: "fr",
      currency: "eur",
      subtotal: 2995,
      tax: 599,
      total: 3594,
      reverseCharge: false,
      seller: { name: "Lumen Softworks SAS", country: "FR", vatId: "FR40303265045" },
      billing: { country: "FR" },
    });
    expect(invoice!.lines).toEqual([
      {
        description: "i-standard",
        quantity: 1,
        unitAmount: 2995,
        taxRateBps: 2000,
        subtotal: 2995,
        tax: 599,
        total: 3594,
      },
    ]);
    expect(invoice!.suppliedAt).toEqual(order.paidAt);
    const [payment] = await h.t.db.select().from(payments).where(eq(payments.id, invoice!.paymentId!));
    expect(payment).toMatchObject({ orderId: order.id, kind: "purchase", amount: 3594 });
  });

  it("a portal refund and a dashboard refund each get a credit note referencing the invoice; a swap's difference its own invoice", async () => {
    const s = await checkout("inv-refund@example.com", "i-standard");
    await pay(s.id);
    await h.flush();
    const p = await orderOf(s.id);
    const [invoice] = await invoicesOf(p.order.id);

    // A dearer swap: the difference paid through Checkout gets its own invoice.
    const [tech] = await h.t.db
      .select({ id: products.id })
      .from(products)
      .where(eq(products.slug, "i-technician"));
    const started = await startSwap(
      h.t.db,
      p.order.customerId,
      { orderNumber: p.order.orderNumber, itemId: p.items[0]!.id, targetProductId: tech!.id, locale: "en" },
      deps(),
    );
    if (!started.ok) throw new Error(started.code);
    const [swap] = await h.t.db.select().from(swaps).where(eq(swaps.id, started.swapId));
    await pay(swap!.stripeCheckoutSessionId!);
    await h.flush();
    const afterSwap = await invoicesOf(p.order.id);
    expect(afterSwap.map((i) => [i.kind, i.total])).toEqual([
      ["invoice", 3594],
      ["invoice", 20286],
    ]);
    expect(afterSwap[1]!.lines[0]).toMatchObject({
      description: "Swap from i-standard to i-technician: price difference",
      subtotal: 20286 - 3381,
      tax: 3381,
      taxRateBps: 2000,
    });

    // A refund in the portal of the whole item (both payments).
    const r = await requestRefund(h.t.db, p.order.customerId, {
      orderNumber: p.order.orderNumber,
      itemIds: p.items.map((i) => i.id),
      reason: "other",
      locale: "en",
    });
    if (!r.ok) throw new Error(r.code);
    await confirmRefund(h.t.db, p.order.customerId, r.refundId, deps());
    await h.flush();

    // A refund made in the Stripe dashboard, on another order.
    const s2 = await checkout("inv-refund@example.com", "i-standard");
    await pay(s2.id);
    await h.flush();
    const p2 = await orderOf(s2.id);
    await h.stripe.refunds.create({ payment_intent: p2.order.stripePaymentIntentId!, amount: 1200 });
    await h.flush();

    const notesOf = (orderId: string) =>
      h.t.db
        .select()
        .from(invoices)
        .where(and(eq(invoices.orderId, orderId), eq(invoices.kind, "credit_note")));
    const [portal] = await notesOf(p.order.id);
    expect(portal).toMatchObject({ correctsId: invoice!.id, total: 23880 });
    expect(portal!.lines[0]!.description).toBe(`Refund on invoice ${invoice!.number}`);
    const invoice2 = (await invoicesOf(p2.order.id)).find((i) => i.kind === "invoice");
    const [dashboard] = await notesOf(p2.order.id);
    expect(dashboard).toMatchObject({ correctsId: invoice2!.id, total: 1200, tax: 200, subtotal: 1000 });
    for (const n of [portal!, dashboard!]) {
      expect(n.refundId).not.toBeNull();
      expect(n.number).toMatch(/^CN-\d{4}-\d{6}$/);
    }
    // Replays issue nothing twice.
    const events = await h.stripe.events.list({ limit: 100 });
    for (const ev of events.data.filter(
      (e) => e.type === "charge.refunded" || e.type === "checkout.session.completed",
    ))
      await h.control("POST", `/events/${ev.id}/resend`);
    await h.flush();
    expect(await invoicesOf(p.order.id)).toHaveLength(3);
    const all = await h.t.db
      .select({ number: invoices.number })
      .from(invoices)
      .where(eq(invoices.kind, "credit_note"));
    expect(all.map((x) => numberOf(x.number)).sort((a, b) => a - b)).toEqual([1, 2]);
    expect(
      await h.t.db
        .select()
        .from(invoices)
        .where(inArray(invoices.orderId, [p.order.id, p2.order.id])),
    ).toHaveLength(5);
  });

  it("a yearly renewal gets its invoice once, numbered from the sequence, when Stripe's cycle invoice is paid", async () => {
    const s = await checkout("inv-renewal@example.com", "i-plan", "fr", "subscription");
    await pay(s.id);
    await h.flush();
    const { order } = await orderOf(s.id);
    expect((await invoicesOf(order.id)).map((i) => i.kind)).toEqual(["invoice"]);
    const lastNumber = async () =>
      Math.max(
        ...(
          await h.t.db.select({ n: invoices.number }).from(invoices).where(eq(invoices.kind, "invoice"))
        ).map((r) => numberOf(r.n)),
      );
    const before = await lastNumber();

    // A year later Stripe renews the plan: invoice.paid with billing_reason subscription_cycle.
    await h.control("POST", "/clock/advance", { seconds: 366 * 24 * 3600 });
    await h.flush();
    const [renewal] = await h.t.db
      .select()
      .from(orders)
      .where(and(eq(orders.customerId, order.customerId), eq(orders.kind, "renewal")));
    expect(renewal).toBeDefined();
    const docs = await invoicesOf(renewal!.id);
    expect(docs).toHaveLength(1);
    const [payment] = await h.t.db.select().from(payments).where(eq(payments.id, docs[0]!.paymentId!));
    expect(payment).toMatchObject({ kind: "renewal", amount: 3594, tax: 599 });
    const stripeInvoice = await h.stripe.invoices.retrieve(payment!.stripeInvoiceId!);
    expect(stripeInvoice.billing_reason).toBe("subscription_cycle");
    expect(stripeInvoice.status).toBe("paid");
    expect(docs[0]).toMatchObject({
      kind: "invoice",
      locale: "fr",
      subtotal: 2995,
      tax: 599,
      total: 3594,
      lines: [
        {
          description: "i-plan\u00a0: renouvellement",
          quantity: 1,
          unitAmount: 2995,
          taxRateBps: 2000,
          subtotal: 2995,
          tax: 599,
          total: 3594,
        },
      ],
    });
    expect(numberOf(docs[0]!.number)).toBe(before + 1);
    // Numbered in the year of its issue (the portal's clock), supplied when Stripe took the money.
    expect(docs[0]!.number.startsWith(`INV-${docs[0]!.issuedAt.getUTCFullYear()}-`)).toBe(true);
    expect(docs[0]!.suppliedAt).toEqual(renewal!.paidAt);

    // The renewal mail carries it.
    const [mail] = await h.t.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.to, "inv-renewal@example.com"), eq(mailOutbox.template, "renewal")));
    expect(mail!.attachments).toEqual([{ documentId: docs[0]!.id }]);
    expect(mail!.text).toContain(`Votre facture ${docs[0]!.number} est jointe à ce message (PDF).`);

    // Stripe delivering the same event again issues nothing more.
    const { data } = await h.control<{ data: { eventId: string; eventType: string }[] }>("GET", "/webhooks");
    const paid = data.filter((d) => d.eventType === "invoice.paid").at(-1)!;
    await h.control("POST", `/events/${paid.eventId}/resend`);
    await h.flush();
    expect(await invoicesOf(renewal!.id)).toHaveLength(1);
    expect(await lastNumber()).toBe(before + 1);
  });
});
