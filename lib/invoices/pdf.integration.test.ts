import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invoices, mailOutbox, orderItems, orders } from "@/db/schema";
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
