import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoices, mailOutbox, orderEvents, orderItems, orders, refunds, taxIds } from "@/db/schema";
import { fetchAttachment, fetchMessages } from "@/emulators/mail/client";
import { startMailSink } from "@/emulators/mail/server";
import type { TMailSink } from "@/emulators/mail/types";
import { deliverDueMail } from "@/lib/email/deliver";
import { createSmtpSender } from "@/lib/email/transport";
import { runDueJobs } from "@/lib/jobs/run-due-jobs";
import { confirmRefund } from "@/lib/refunds/confirm-refund";
import { requestRefund } from "@/lib/refunds/request-refund";
import { submitRefund } from "@/lib/refunds/submit-refund";
import { processStripeEvent } from "@/lib/stripe/process-event";
import { schemaErrors } from "@/tests/factur-x-schema";
import {
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { documentAttachment } from "./attachment";
import { correctBillingDetails } from "./correct-billing";
import { sellerFrom } from "./seller";
import { getVatBackStatus } from "./vat-back-status";

let h: TPortalHarness;
let sink: TMailSink;
let iva: Stripe.TaxRate;
let tva: Stripe.TaxRate;
let item: { product: Stripe.Product; price: Stripe.Price };
const deps = () => ({ stripe: h.stripe, mail: MAIL_SETTINGS });
const seller = sellerFrom(MAIL_SETTINGS);

beforeAll(async () => {
  h = await startPortalHarness();
  sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
  iva = await h.stripe.taxRates.create({
    display_name: "IVA",
    percentage: 22,
    inclusive: false,
    country: "IT",
  });
  tva = await h.stripe.taxRates.create({
    display_name: "TVA",
    percentage: 20,
    inclusive: false,
    country: "FR",
  });
  item = await createCatalogItem(h.stripe, { slug: "vb-pro", name: "Lumen Backup Pro", amount: 4995 });
});
afterAll(async () => {
  await h?.close();
  await sink?.close();
});

/** Two Backup Pro at 49.95 € plus the buyer's country's VAT (the seller is in France). */
async function buy(email: string, country: "IT" | "FR", locale = country === "IT" ? "it" : "fr") {
  const session = await h.stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price: item.price.id, quantity: 2, tax_rates: [country === "IT" ? iva.id : tva.id] }],
    success_url: "http://portal.test/thanks",
    cancel_url: "http://portal.test/cancelled",
    metadata: { locale, country },
  });
  await h.control("POST", `/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
  await h.flush();
  const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
  return order!;
}

const ROSSI = {
  companyName: "Rossi Impianti S.r.l.",
  addressLines: ["Via Roma 1", "20121 Milano"],
  country: "IT",
  vatId: "IT00743110157",
};

/** The buyer adds their company and VAT ID: a corrected invoice, the VAT ID pending at Stripe. */
async function addVatId(order: { customerId: string; orderNumber: string }, details = ROSSI) {
  const r = await correctBillingDetails(
    h.t.db,
    order.customerId,
    { orderNumber: order.orderNumber, ...details },
    deps(),
  );
  if (!r.ok) throw new Error(r.code);
  const [row] = await h.t.db
    .select()
    .from(taxIds)
    .where(and(eq(taxIds.customerId, order.customerId), eq(taxIds.value, details.vatId)));
  return { ...r, taxId: row! };
}

/** Stripe hears back from the tax authority (the emulator's control), and its webhook is delivered. */
async function verify(stripeTaxId: string, status: "verified" | "unverified") {
  await h.control("POST", `/tax_ids/${stripeTaxId}/verification`, { status });
  await h.flush();
}

/** The customer refunds every item of the order, confirmed (its Stripe refund made). */
async function refundWhole(order: { id: string; customerId: string; orderNumber: string }) {
  const items = await h.t.db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
  const r = await requestRefund(h.t.db, order.customerId, {
    orderNumber: order.orderNumber,
    itemIds: items.map((i) => i.id),
    reason: "other",
    locale: "it",
  });
  if (!r.ok) throw new Error(r.code);
  await confirmRefund(h.t.db, order.customerId, r.refundId, deps());
  return r;
}

const runJobs = (minutes = 0) =>
  runDueJobs(
    h.t.db,
    { "refund.submit": (p) => submitRefund(h.t.db, String(p.refundId), deps()) },
    { now: new Date(Date.now() + minutes * 60_000) },
  );

const stripeRefunds = async (paymentIntent: string) =>
  (await h.stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 })).data;
const vatBacks = (orderId: string) =>
  h.t.db
    .select()
    .from(refunds)
    .where(and(eq(refunds.orderId, orderId), eq(refunds.source, "vat_back")));
const status = (order: { customerId: string; id: string }) =>
  getVatBackStatus(h.t.db, order.customerId, order.id, seller);

const dir = mkdtempSync(path.join(tmpdir(), "vat-back-"));
function readBack(pdf: Buffer, name: string) {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  const out = path.join(dir, name);
  mkdirSync(out);
  execFileSync("pdfdetach", ["-saveall", "-o", out, file]);
  return { text, xml: readFileSync(path.join(out, "factur-x.xml"), "utf8") };
}
const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: false });

describe("VAT back for a verified business buyer in another EU country", () => {
  it("refunds exactly the VAT once, cancels the invoice and issues a reverse-charge one, notes it and mails both (Italian)", async () => {
    const order = await buy("vb-rossi@example.com", "IT");
    expect(order).toMatchObject({ total: 12188, tax: 2198 });
    const { taxId } = await addVatId(order);
    expect(taxId).toMatchObject({ status: "pending", value: "IT00743110157" });
    // Pending: nothing refunded yet, and the order page says what happens next.
    expect(await vatBacks(order.id)).toEqual([]);
    expect(await status(order)).toEqual({
      vatId: "IT00743110157",
      verification: "pending",
      outcome: { kind: "none", reason: "PENDING" },
    });

    await verify(taxId.stripeTaxId, "verified");
    const [started] = await vatBacks(order.id);
    expect(started).toMatchObject({
      status: "processing",
      amount: 2198,
      idempotencyKey: `vat-back:${order.id}`,
    });
    expect(await runJobs()).toBe(1);

    // Stripe refunded exactly the VAT, once, on the order's payment.
    const back = await stripeRefunds(order.stripePaymentIntentId!);
    expect(back.map((r) => [r.amount, r.status])).toEqual([[2198, "succeeded"]]);
    const [done] = await vatBacks(order.id);
    expect(done).toMatchObject({ status: "refunded", stripeRefundId: back[0]!.id });
    const [after] = await h.t.db.select().from(orders).where(eq(orders.id, order.id));
    expect(after!.refunded).toBe(2198);
    // Reverse-charge, not a refund of what was bought: the order still reads "paid".
    expect(after!.status).toBe("paid");
    // Stripe's charge.refunded for it, whenever it comes (here again, after the VAT back settled),
    // leaves it so: it read "partially refunded" when that event came last.
    const [refunded] = (await h.stripe.events.list({ type: "charge.refunded", limit: 1 })).data;
    await h.control("POST", `/events/${refunded!.id}/resend`);
    await h.flush();
    const [again] = await h.t.db.select().from(orders).where(eq(orders.id, order.id));
    expect([again!.status, again!.refunded]).toEqual(["paid", 2198]);
    expect(await status(order)).toMatchObject({
      verification: "verified",
      outcome: { kind: "refund", status: "refunded", amount: 2198 },
    });

    // The event again (Stripe redelivers) and ten triggers at once: nothing more.
    const [event] = (await h.stripe.events.list({ type: "customer.tax_id.updated", limit: 1 })).data;
    await h.control("POST", `/events/${event!.id}/resend`);
    await h.flush();
    const taxIdNow = await h.stripe.customers.retrieveTaxId(taxId.stripeCustomerId, taxId.stripeTaxId);
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        processStripeEvent(
          h.t.db,
          { ...event!, id: `${event!.id}_again_${n}`, data: { object: taxIdNow } } as Stripe.Event,
          deps(),
        ),
      ),
    );
    await runJobs(5);
    expect(await stripeRefunds(order.stripePaymentIntentId!)).toHaveLength(1);
    expect(await vatBacks(order.id)).toHaveLength(1);

    // Documents: the correction's pair, then the VAT back's credit note and reverse-charge invoice.
    const docs = await h.t.db
      .select()
      .from(invoices)
      .where(eq(invoices.orderId, order.id))
      .orderBy(invoices.issuedAt, invoices.number);
    expect(docs.map((d) => [d.kind, d.total, d.tax, d.reverseCharge])).toEqual([
      ["invoice", 12188, 2198, false],
      ["credit_note", 12188, 2198, false],
      ["corrected_invoice", 12188, 2198, false],
      ["credit_note", 12188, 2198, false],
      ["corrected_invoice", 9990, 0, true],
    ]);
    const [, , withVat, creditNote, reverse] = docs as [
      never,
      never,
      (typeof docs)[0],
      (typeof docs)[0],
      (typeof docs)[0],
    ];
    expect(creditNote).toMatchObject({ refundId: done!.id, correctsId: withVat.id });
    expect(reverse).toMatchObject({
      supersedesId: withVat.id,
      paymentId: withVat.paymentId,
      billing: { companyName: "Rossi Impianti S.r.l.", vatId: "IT00743110157", country: "IT" },
    });
    expect(reverse.lines).toEqual([
      expect.objectContaining({
        quantity: 2,
        unitAmount: 4995,
        taxRateBps: 0,
        subtotal: 9990,
        tax: 0,
        total: 9990,
      }),
    ]);

    // The order's history notes it once.
    const events = await h.t.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(events.filter((e) => e.type === "vat_refunded").map((e) => e.data)).toEqual([
      expect.objectContaining({ amount: 2198, creditNote: creditNote.number, invoice: reverse.number }),
    ]);

    // One mail in Italian carries both documents; they read back with what the law asks.
    const queued = await h.t.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.to, "vb-rossi@example.com"), eq(mailOutbox.template, "vat-refunded")));
    expect(queued).toHaveLength(1);
    const send = createSmtpSender(`smtp://127.0.0.1:${sink.smtpPort}`, "Lumen <shop@lumen.test>");
    await deliverDueMail(h.t.db, send, { resolveAttachment: documentAttachment });
    const mail = (await fetchMessages(sink.url, { to: "vb-rossi@example.com" })).find((m) =>
      m.subject.includes("IVA rimborsata"),
    )!;
    expect(mail.text).toContain("21,98");
    expect(mail.text).toContain("inversione contabile");
    expect(mail.attachments?.map((a) => a.filename)).toEqual([
      `${creditNote.number}.pdf`,
      `${reverse.number}.pdf`,
    ]);

    const cn = readBack(await fetchAttachment(sink.url, mail.id, 0), "credit-note");
    expect(cn.text).toContain(`Nota di credito ${creditNote.number}`);
    expect(cn.text).toContain(`Rettifica la fattura ${withVat.number}.`);
    expect(cn.text).toContain("Partita IVA: IT00743110157");
    expect(cn.text).toMatch(/Totale IVA: 21,98\s*€/);
    expect(cn.text).toMatch(/Totale IVA inclusa: 121,88\s*€/);

    const inv = readBack(await fetchAttachment(sink.url, mail.id, 1), "reverse-charge");
    expect(inv.text).toContain(`Fattura rettificativa ${reverse.number}`);
    expect(inv.text).toContain("Rossi Impianti S.r.l.");
    expect(inv.text).toContain("Partita IVA: IT00743110157");
    expect(inv.text).toContain("0 %");
    expect(inv.text).toMatch(/Totale IVA esclusa: 99,90\s*€/);
    expect(inv.text).toMatch(/Totale IVA: 0,00\s*€/);
    expect(inv.text).toMatch(/Totale IVA inclusa: 99,90\s*€/);
    // Read as one line (a long line wraps, also after a slash of "2006/112/CE").
    const flow = inv.text.replace(/\s+/g, " ").replace(/\/ /g, "/");
    expect(flow).toContain(
      `Sostituisce la fattura ${withVat.number}, annullata dalla nota di credito ${creditNote.number}.`,
    );
    expect(flow).toContain(
      "Inversione contabile: IVA a carico del committente (art. 196 della direttiva 2006/112/CE).",
    );

    // The embedded EN 16931 XML: valid, category AE with its exemption, the same totals.
    expect(await schemaErrors(inv.xml)).toEqual([]);
    const cii = parser.parse(inv.xml).CrossIndustryInvoice;
    expect(cii.ExchangedDocument.ID).toBe(reverse.number);
    expect(cii.ExchangedDocument.TypeCode).toBe("384");
    const trade = cii.SupplyChainTradeTransaction;
    expect(trade.ApplicableHeaderTradeAgreement.BuyerTradeParty.SpecifiedTaxRegistration.ID["#text"]).toBe(
      "IT00743110157",
    );
    const settlement = trade.ApplicableHeaderTradeSettlement;
    expect(settlement.ApplicableTradeTax).toMatchObject({
      CategoryCode: "AE",
      RateApplicablePercent: "0",
      BasisAmount: "99.90",
      CalculatedAmount: "0.00",
      ExemptionReasonCode: "VATEX-EU-AE",
      ExemptionReason:
        "Inversione contabile: IVA a carico del committente (art. 196 della direttiva 2006/112/CE).",
    });
    const sum = settlement.SpecifiedTradeSettlementHeaderMonetarySummation;
    expect(sum.TaxBasisTotalAmount).toBe("99.90");
    expect(sum.TaxTotalAmount["#text"]).toBe("0.00");
    expect(sum.GrandTotalAmount).toBe("99.90");
    expect(await schemaErrors(cn.xml)).toEqual([]);
    const cnCii = parser.parse(cn.xml).CrossIndustryInvoice;
    expect(cnCii.ExchangedDocument.TypeCode).toBe("381");
    expect(
      cnCii.SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement.ApplicableTradeTax,
    ).toMatchObject({
      CategoryCode: "S",
      CalculatedAmount: "21.98",
    });

    // After the VAT back its VAT ID and country stay (support changes those): refused, nothing issued.
    const count = async () =>
      (await h.t.db.select().from(invoices).where(eq(invoices.orderId, order.id))).length;
    const before = await count();
    for (const change of [
      { ...ROSSI, vatId: "" },
      { ...ROSSI, country: "DE", vatId: "DE136695976" },
    ]) {
      expect(
        await correctBillingDetails(
          h.t.db,
          order.customerId,
          { orderNumber: order.orderNumber, ...change },
          deps(),
        ),
      ).toMatchObject({ ok: false, code: "VAT_ID_LOCKED", field: "vatId" });
    }
    expect(await count()).toBe(before);

    // A later refund of the item gives back the rest only, with a credit note at 0 %; the keys stop.
    const r = await refundWhole(order);
    expect((await stripeRefunds(order.stripePaymentIntentId!)).map((x) => x.amount).sort()).toEqual([
      2198, 9990,
    ]);
    const [last] = await h.t.db.select().from(invoices).where(eq(invoices.refundId, r.refundId));
    expect(last).toMatchObject({ kind: "credit_note", total: 9990, tax: 0, correctsId: reverse.id });
  });

  it("a VAT ID Stripe already verified starts the VAT back when the buyer adds it to another order", async () => {
    // The same buyer's second order: the VAT ID is Stripe's already, verified; read back at once.
    const first = await buy("vb-again@example.com", "IT");
    const { taxId } = await addVatId(first);
    await verify(taxId.stripeTaxId, "verified");
    await runJobs();
    const second = await buy("vb-again@example.com", "IT");
    await addVatId(second);
    const [vb] = await vatBacks(second.id);
    expect(vb).toMatchObject({ status: "refunded", amount: 2198 });
    expect(await stripeRefunds(second.stripePaymentIntentId!)).toHaveLength(1);
    expect(await stripeRefunds(first.stripePaymentIntentId!)).toHaveLength(1);
  });

  it("ten concurrent triggers under Stripe's faults: one refund row, one Stripe refund, completed by the retries", async () => {
    const order = await buy("vb-faults@example.com", "IT");
    const { taxId } = await addVatId(order);
    // Stripe answers 500 to the next 3 refund calls, then does one but answers 500 after it.
    await h.control("POST", "/faults", { count: 3, mode: "500", pathPrefix: "/v1/refunds" });
    await h.control("POST", "/faults", { count: 1, mode: "after", pathPrefix: "/v1/refunds" });
    await h.control("POST", `/tax_ids/${taxId.stripeTaxId}/verification`, { status: "verified" });
    const verified = await h.stripe.customers.retrieveTaxId(taxId.stripeCustomerId, taxId.stripeTaxId);
    const base = { object: "event", type: "customer.tax_id.updated", created: Math.floor(Date.now() / 1000) };
    // The emulator's own webhook, plus ten more deliveries of other events at once.
    const [results] = await Promise.all([
      Promise.all(
        Array.from({ length: 10 }, (_, n) =>
          processStripeEvent(
            h.t.db,
            { ...base, id: `evt_vb_concurrent_${n}`, data: { object: verified } } as unknown as Stripe.Event,
            deps(),
          ),
        ),
      ),
      h.flush(),
    ]);
    expect(results).toEqual(Array(10).fill("processed"));
    const rows = await vatBacks(order.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "processing", amount: 2198 });

    // The job's first try meets Stripe's 500: still processing, nothing refunded.
    await runJobs(0);
    expect((await vatBacks(order.id))[0]!.status).toBe("processing");
    // (Counted through the emulator's controls: a list of refunds would meet the faults too.)
    const counts = await h.control<{ refundsByPaymentIntent: Record<string, unknown> }>(
      "GET",
      "/state/counts",
    );
    expect(counts.refundsByPaymentIntent[order.stripePaymentIntentId!]).toBeUndefined();
    // Its retries (as many instances at once) bring it through the faults.
    for (let minute = 5; minute <= 60; minute += 5) await Promise.all([runJobs(minute), runJobs(minute)]);
    await h.flush();
    const [done] = await vatBacks(order.id);
    expect(done!.status).toBe("refunded");
    expect((await stripeRefunds(order.stripePaymentIntentId!)).map((r) => r.amount)).toEqual([2198]);
    const docs = await h.t.db.select().from(invoices).where(eq(invoices.orderId, order.id));
    expect(docs.filter((d) => d.reverseCharge)).toHaveLength(1);
    expect(
      await h.t.db
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.to, "vb-faults@example.com"), eq(mailOutbox.template, "vat-refunded"))),
    ).toHaveLength(1);
    await h.control("DELETE", "/faults");
  });
});

describe("no VAT back, and the order page says why", () => {
  it("a VAT ID the tax authority does not verify", async () => {
    const order = await buy("vb-unverified@example.com", "IT");
    const { taxId } = await addVatId(order);
    await verify(taxId.stripeTaxId, "unverified");
    await runJobs();
    expect(await vatBacks(order.id)).toEqual([]);
    expect(await stripeRefunds(order.stripePaymentIntentId!)).toEqual([]);
    expect(await status(order)).toEqual({
      vatId: "IT00743110157",
      verification: "unverified",
      outcome: { kind: "none", reason: "UNVERIFIED" },
    });
  });

  it("a business in the seller's own country, and a consumer", async () => {
    const french = await buy("vb-french@example.com", "FR");
    const { taxId } = await addVatId(french, {
      companyName: "Dupont SARL",
      addressLines: ["1 rue de la Paix", "75002 Paris"],
      country: "FR",
      vatId: "FR40303265045",
    });
    await verify(taxId.stripeTaxId, "verified");
    await runJobs();
    expect(await vatBacks(french.id)).toEqual([]);
    expect(await status(french)).toMatchObject({
      verification: "verified",
      outcome: { kind: "none", reason: "SAME_COUNTRY" },
    });

    const consumer = await buy("vb-consumer@example.com", "IT");
    expect(await status(consumer)).toEqual({
      vatId: null,
      verification: null,
      outcome: { kind: "none", reason: "CONSUMER" },
    });
    // Another customer's order is nothing, like a missing one.
    expect(await getVatBackStatus(h.t.db, french.customerId, consumer.id, seller)).toBeNull();
  });

  it("an order with a refund under way or done gives no VAT back, and says so", async () => {
    const order = await buy("vb-refunded@example.com", "IT");
    await addVatId(order);
    await refundWhole(order);
    expect(await status(order)).toEqual({
      vatId: ROSSI.vatId,
      verification: "pending",
      outcome: { kind: "none", reason: "ALREADY_REFUNDED" },
    });
  });

  it("a verification that comes back after the 90 days", async () => {
    const order = await buy("vb-late@example.com", "IT");
    const { taxId } = await addVatId(order);
    // Stripe's clock: the authority answers 91 days after the payment (the event's time is what counts).
    await h.control("POST", "/clock/advance", { seconds: 91 * 24 * 3600 });
    await verify(taxId.stripeTaxId, "verified");
    await runJobs();
    expect(await vatBacks(order.id)).toEqual([]);
    expect(await stripeRefunds(order.stripePaymentIntentId!)).toEqual([]);
    expect(await status(order)).toMatchObject({
      verification: "verified",
      outcome: { kind: "none", reason: "WINDOW_CLOSED" },
    });
  });
});
