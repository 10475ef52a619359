import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  invoices,
  mailOutbox,
  orderEvents,
  orderItems,
  orders,
  stripeCustomers,
} from "@/db/schema";
import { fetchAttachment, fetchMessages } from "@/emulators/mail/client";
import { startMailSink } from "@/emulators/mail/server";
import type { TMailSink } from "@/emulators/mail/types";
import { deliverDueMail } from "@/lib/email/deliver";
import { createSmtpSender } from "@/lib/email/transport";
import { confirmRefund } from "@/lib/refunds/confirm-refund";
import { requestRefund } from "@/lib/refunds/request-refund";
import {
  createCatalogItem,
  MAIL_SETTINGS,
  startPortalHarness,
  type TPortalHarness,
} from "@/tests/portal-harness";
import { documentAttachment } from "./attachment";
import { correctBillingDetails } from "./correct-billing";
import { getDocument, listOrderDocuments } from "./queries";
import { renderDocumentPdf } from "./render-pdf";

let h: TPortalHarness;
let sink: TMailSink;
let vat: Stripe.TaxRate;
let item: { product: Stripe.Product; price: Stripe.Price };

beforeAll(async () => {
  h = await startPortalHarness();
  sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
  vat = await h.stripe.taxRates.create({
    display_name: "IVA",
    percentage: 22,
    inclusive: false,
    country: "IT",
  });
  item = await createCatalogItem(h.stripe, { slug: "p-pro", name: "Lumen Backup Pro", amount: 4995 });
});
afterAll(async () => {
  await h?.close();
  await sink?.close();
});

async function buy(email: string, locale: string) {
  const session = await h.stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price: item.price.id, quantity: 2, tax_rates: [vat.id] }],
    success_url: "http://portal.test/thanks",
    cancel_url: "http://portal.test/cancelled",
    metadata: { locale, country: "IT" },
  });
  await h.control("POST", `/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
  await h.flush();
  const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
  return order!;
}

const dir = mkdtempSync(path.join(tmpdir(), "invoice-pdf-"));
function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
}

describe("invoice PDFs", () => {
  it("reads back in the customer's language with number, buyer, lines and totals; another customer's is not found", async () => {
    const order = await buy("pdf-it@example.com", "it");
    const [doc] = await listOrderDocuments(h.t.db, order.customerId, order.id);
    expect(doc).toMatchObject({ kind: "invoice", total: 12188 });
    const data = await getDocument(h.t.db, order.customerId, doc!.id);
    const pdf = await renderDocumentPdf(data!);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(pdf, "it");
    expect(text).toContain(`Fattura ${doc!.number}`);
    expect(text).toContain("Venditore");
    expect(text).toContain("Lumen Softworks SAS");
    expect(text).toContain("Partita IVA: FR40303265045");
    expect(text).toContain("Cliente");
    expect(text).toContain(order.orderNumber);
    expect(text).toContain("Lumen Backup Pro");
    expect(text).toMatch(/49,95\s*€/);
    expect(text).toMatch(/Totale IVA esclusa: 99,90\s*€/);
    expect(text).toMatch(/Totale IVA: 21,98\s*€/);
    expect(text).toMatch(/Totale IVA inclusa: 121,88\s*€/);
    expect(text).toContain("22 %");
    expect(text).toContain("Valuta: EUR");

    // The delivery mail links the invoice.
    const [mail] = await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "pdf-it@example.com"));
    expect(mail!.template).toBe("delivery");
    expect(mail!.text).toContain(`Scarica la fattura ${doc!.number} (PDF)`);
    expect(mail!.text).toContain(`http://portal.test/it/documents/${doc!.id}`);
    // Queued before the number was drawn, it got the number in the invoice's own statement, over a
    // placeholder (a UUID): the only UUID left in the mail is the document's id, in its link.
    expect(mail!.html).toContain(`La fattura ${doc!.number} è allegata a questo messaggio (PDF).`);
    const uuids = (s: string | null) =>
      new Set(s?.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g));
    expect(uuids(mail!.text)).toEqual(new Set([doc!.id]));
    expect(uuids(mail!.html)).toEqual(new Set([doc!.id]));
    expect(uuids(mail!.subject)).toEqual(new Set());
    expect(mail!.attachments).toEqual([{ documentId: doc!.id }]);

    // Another customer's document id is exactly like a missing one.
    const other = await buy("pdf-other@example.com", "en");
    expect(await getDocument(h.t.db, other.customerId, doc!.id)).toBeNull();
    expect(await listOrderDocuments(h.t.db, other.customerId, order.id)).toEqual([]);
    expect(await getDocument(h.t.db, order.customerId, "not-a-uuid")).toBeNull();

    // The same document in English and French follows its own language.
    const [en] = await listOrderDocuments(h.t.db, other.customerId, other.id);
    const enText = pdfText(
      await renderDocumentPdf((await getDocument(h.t.db, other.customerId, en!.id))!),
      "en",
    );
    expect(enText).toContain(`Invoice ${en!.number}`);
    expect(enText).toMatch(/Total incl\. VAT: €121\.88/);
    await h.t.db.update(invoices).set({ locale: "fr" }).where(eq(invoices.id, en!.id));
    const frText = pdfText(
      await renderDocumentPdf((await getDocument(h.t.db, other.customerId, en!.id))!),
      "fr",
    );
    expect(frText).toContain(`Facture ${en!.number}`);
    expect(frText).toMatch(/Total TTC.*121,88/);
  });
});

describe("documents in mails", () => {
  it("the delivery mail carries the invoice PDF and the refund mail the credit note's, rendered when sent", async () => {
    const order = await buy("pdf-mail@example.com", "it");
    const [invoice] = await listOrderDocuments(h.t.db, order.customerId, order.id);
    // The outbox holds a reference, not the bytes.
    const [queued] = await h.t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "pdf-mail@example.com"));
    expect(queued!.attachments).toEqual([{ documentId: invoice!.id }]);

    const send = createSmtpSender(`smtp://127.0.0.1:${sink.smtpPort}`, "Lumen <shop@lumen.test>");
    const deliver = () => deliverDueMail(h.t.db, send, { resolveAttachment: documentAttachment });
    await deliver();
    const [delivery] = await fetchMessages(sink.url, { to: "pdf-mail@example.com" });
    expect(delivery!.text).toContain(`La fattura ${invoice!.number} è allegata a questo messaggio (PDF).`);
    expect(delivery!.attachments).toEqual([
      { filename: `${invoice!.number}.pdf`, contentType: "application/pdf", size: expect.any(Number) },
    ]);
    const invoiceText = pdfText(await fetchAttachment(sink.url, delivery!.id, 0), "mailed-invoice");
    expect(invoiceText).toContain(`Fattura ${invoice!.number}`);
    expect(invoiceText).toContain("pdf-mail@example.com");
    expect(invoiceText).toMatch(/Totale IVA inclusa: 121,88\s*€/);

    // A refund's mail links and attaches its credit note.
    const items = await h.t.db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    const r = await requestRefund(h.t.db, order.customerId, {
      orderNumber: order.orderNumber,
      itemIds: items.map((i) => i.id),
      reason: "other",
      locale: "it",
    });
    if (!r.ok) throw new Error(r.code);
    await confirmRefund(h.t.db, order.customerId, r.refundId, { stripe: h.stripe, mail: MAIL_SETTINGS });
    await h.flush();
    const creditNote = (await listOrderDocuments(h.t.db, order.customerId, order.id)).find(
      (d) => d.kind === "credit_note",
    );
    await deliver();
    const [refundMail] = await fetchMessages(sink.url, { to: "pdf-mail@example.com" });
    expect(refundMail!.id).not.toBe(delivery!.id);
    expect(refundMail!.text).toContain(`Scarica la nota di credito ${creditNote!.number} (PDF)`);
    expect(refundMail!.text).toContain(`http://portal.test/it/documents/${creditNote!.id}`);
    expect(refundMail!.attachments?.map((a) => a.filename)).toEqual([`${creditNote!.number}.pdf`]);
    const creditText = pdfText(await fetchAttachment(sink.url, refundMail!.id, 0), "mailed-credit-note");
    expect(creditText).toContain(`Nota di credito ${creditNote!.number}`);
    expect(creditText).toContain(invoice!.number);
  });
});

describe("correcting the buyer's details", () => {
  it("cancels the invoice with a credit note and issues a corrected one with the company and VAT ID (a Stripe tax ID), keeps the original, notes and mails both", async () => {
    const order = await buy("pdf-fix@example.com", "it");
    const [original] = await listOrderDocuments(h.t.db, order.customerId, order.id);
    const deps = { stripe: h.stripe, mail: MAIL_SETTINGS };
    const details = {
      orderNumber: order.orderNumber,
      companyName: "Rossi Impianti S.r.l.",
      addressLines: ["Via Roma 1", "20121 Milano"],
      country: "IT",
    };

    // A VAT ID with a wrong check digit, or of another country, changes nothing.
    expect(
      await correctBillingDetails(h.t.db, order.customerId, { ...details, vatId: "IT00743110158" }, deps),
    ).toEqual({ ok: false, code: "VAT_ID_INVALID", field: "vatId" });
    expect(
      await correctBillingDetails(h.t.db, order.customerId, { ...details, vatId: "FR40303265045" }, deps),
    ).toMatchObject({ ok: false, code: "VAT_ID_COUNTRY" });
    // Another customer's order is not found.
    const other = await buy("pdf-fix-other@example.com", "en");
    expect(await correctBillingDetails(h.t.db, other.customerId, details, deps)).toEqual({
      ok: false,
      code: "NOT_FOUND",
    });
    expect(await listOrderDocuments(h.t.db, order.customerId, order.id)).toHaveLength(1);

    // Two submissions at once correct once; the other finds nothing left to change.
    const results = await Promise.all([
      correctBillingDetails(h.t.db, order.customerId, { ...details, vatId: "IT 007 431 101 57" }, deps),
      correctBillingDetails(h.t.db, order.customerId, { ...details, vatId: "00743110157" }, deps),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ code: "UNCHANGED" });
    const done = results.find((r) => r.ok)!;
    expect(done).toMatchObject({ ok: true, taxIdStatus: "pending" });

    const docs = await h.t.db.select().from(invoices).where(eq(invoices.orderId, order.id));
    expect(docs.map((d) => d.kind).sort()).toEqual(["corrected_invoice", "credit_note", "invoice"]);
    const kept = docs.find((d) => d.kind === "invoice")!;
    expect(kept).toMatchObject({ id: original!.id, number: original!.number, total: 12188 });
    expect(kept.billing.vatId).toBeUndefined();
    const creditNote = docs.find((d) => d.kind === "credit_note")!;
    expect(creditNote).toMatchObject({ correctsId: original!.id, subtotal: 9990, tax: 2198, total: 12188 });
    const corrected = docs.find((d) => d.kind === "corrected_invoice")!;
    expect(corrected).toMatchObject({
      supersedesId: original!.id,
      paymentId: kept.paymentId,
      total: 12188,
      tax: 2198,
      billing: {
        companyName: "Rossi Impianti S.r.l.",
        addressLines: ["Via Roma 1", "20121 Milano"],
        country: "IT",
        vatId: "IT00743110157",
      },
    });
    expect(corrected.lines).toEqual(kept.lines);

    // The VAT ID is a tax ID of the buyer's Stripe customer, pending Stripe's verification.
    const [sc] = await h.t.db
      .select()
      .from(stripeCustomers)
      .where(eq(stripeCustomers.customerId, order.customerId));
    const stripeCustomerId = order.stripeCustomerId ?? sc!.stripeCustomerId;
    const taxIds = await h.stripe.customers.listTaxIds(stripeCustomerId);
    expect(taxIds.data).toMatchObject([
      { type: "eu_vat", value: "IT00743110157", verification: { status: "pending" } },
    ]);

    const events = await h.t.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(events.find((e) => e.type === "invoice_corrected")?.data).toMatchObject({
      documents: [{ replaced: original!.number, creditNote: creditNote.number, invoice: corrected.number }],
    });
    const audit = await h.t.db.select().from(auditLog).where(eq(auditLog.action, "invoice.corrected"));
    expect(audit).toHaveLength(1);

    // The same details again: nothing to correct.
    expect(
      await correctBillingDetails(h.t.db, order.customerId, { ...details, vatId: "IT00743110157" }, deps),
    ).toMatchObject({ ok: false, code: "UNCHANGED" });

    // The mail carries both documents; the corrected invoice reads back with the buyer's company and VAT ID.
    const send = createSmtpSender(`smtp://127.0.0.1:${sink.smtpPort}`, "Lumen <shop@lumen.test>");
    await deliverDueMail(h.t.db, send, { resolveAttachment: documentAttachment });
    const mail = (await fetchMessages(sink.url, { to: "pdf-fix@example.com" })).find((m) =>
      m.subject.includes("rettificativa"),
    );
    expect(mail!.attachments?.map((a) => a.filename)).toEqual([
      `${creditNote.number}.pdf`,
      `${corrected.number}.pdf`,
    ]);
    expect(mail!.text).toContain(`http://portal.test/it/documents/${corrected.id}`);
    const cnText = pdfText(await fetchAttachment(sink.url, mail!.id, 0), "fix-credit-note");
    expect(cnText).toContain(`Nota di credito ${creditNote.number}`);
    expect(cnText).toContain(original!.number);
    const invText = pdfText(await fetchAttachment(sink.url, mail!.id, 1), "fix-invoice");
    expect(invText).toContain(corrected.number);
    expect(invText).toContain("Rossi Impianti S.r.l.");
    expect(invText).toContain("IT00743110157");
    expect(invText).toContain("Via Roma 1");
    expect(invText).toContain(original!.number);
    expect(invText).toMatch(/Totale IVA inclusa: 121,88\s*€/);

    // Stripe's verification comes back: the tax ID is verified there.
    await h.control("POST", `/tax_ids/${taxIds.data[0]!.id}/verification`, { status: "verified" });
    await h.flush();
    expect(
      (await h.stripe.customers.retrieveTaxId(stripeCustomerId, taxIds.data[0]!.id)).verification,
    ).toMatchObject({
      status: "verified",
    });
  });
});
