import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { XMLParser } from "fast-xml-parser";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orders } from "@/db/schema";
import { schemaErrors } from "@/tests/factur-x-schema";
import { createCatalogItem, startPortalHarness, type TPortalHarness } from "@/tests/portal-harness";
import { getDocument, listOrderDocuments } from "./queries";
import { renderDocumentPdf } from "./render-pdf";

let h: TPortalHarness;
let vat: Stripe.TaxRate;
let item: { product: Stripe.Product; price: Stripe.Price };

beforeAll(async () => {
  h = await startPortalHarness();
  vat = await h.stripe.taxRates.create({
    display_name: "IVA",
    percentage: 22,
    inclusive: false,
    country: "IT",
  });
  item = await createCatalogItem(h.stripe, { slug: "fx-pro", name: "Lumen Backup Pro", amount: 4995 });
});
afterAll(async () => {
  await h?.close();
});

const dir = mkdtempSync(path.join(tmpdir(), "factur-x-"));

/** What a reader gets from the PDF: its text, its attached files, its XMP metadata. */
function readBack(pdf: Buffer, name: string) {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  const attached = execFileSync("pdfdetach", ["-list", file], { encoding: "utf8" });
  const out = path.join(dir, name);
  mkdirSync(out);
  execFileSync("pdfdetach", ["-saveall", "-o", out, file]);
  const xml = readFileSync(path.join(out, "factur-x.xml"), "utf8");
  const meta = execFileSync("pdfinfo", ["-meta", file], { encoding: "utf8" });
  return { text, attached, xml, meta };
}

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: false });

/** "1.234,56 €" (Italian, as printed) → "1234.56" (the XML's notation). */
const fromItalian = (printed: string) => printed.replace(/\./g, "").replace(",", ".");
function printedTotal(text: string, label: string): string {
  const m = text.match(new RegExp(`${label}: ([\\d.]+,\\d{2})\\s*€`));
  if (!m) throw new Error(`no "${label}" in the PDF text`);
  return fromItalian(m[1]!);
}

describe("Factur-X", () => {
  it("an invoice and its credit note carry their EN 16931 XML, with the totals the PDF prints", async () => {
    const session = await h.stripe.checkout.sessions.create({
      mode: "payment",
      customer_email: "fx-it@example.com",
      line_items: [{ price: item.price.id, quantity: 2, tax_rates: [vat.id] }],
      success_url: "http://portal.test/thanks",
      cancel_url: "http://portal.test/cancelled",
      metadata: { locale: "it", country: "IT" },
    });
    await h.control("POST", `/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
    await h.flush();
    const [order] = await h.t.db.select().from(orders).where(eq(orders.stripeCheckoutSessionId, session.id));
    // A refund made in the Stripe dashboard gets its credit note.
    await h.stripe.refunds.create({ payment_intent: order!.stripePaymentIntentId!, amount: 1220 });
    await h.flush();

    const docs = await listOrderDocuments(h.t.db, order!.customerId, order!.id);
    expect(docs.map((d) => d.kind)).toEqual(["invoice", "credit_note"]);
    const [invoice, creditNote] = docs as [(typeof docs)[0], (typeof docs)[0]];

    for (const doc of docs) {
      const data = (await getDocument(h.t.db, order!.customerId, doc.id))!;
      const { text, attached, xml, meta } = readBack(await renderDocumentPdf(data), doc.kind);

      // The PDF as a person reads it: number, buyer, lines, totals, in Italian.
      const title = doc.kind === "invoice" ? "Fattura" : "Nota di credito";
      expect(text).toContain(`${title} ${doc.number}`);
      expect(text).toContain("Cliente");
      expect(text).toContain(data.billing.name!);
      // A long description wraps in its column: read in content order for it.
      const flow = execFileSync("pdftotext", ["-raw", path.join(dir, `${doc.kind}.pdf`), "-"], {
        encoding: "utf8",
      }).replace(/\s+/g, " ");
      for (const l of data.lines) expect(flow).toContain(l.description);
      const printed = {
        net: printedTotal(text, "Totale IVA esclusa"),
        vat: printedTotal(text, "Totale IVA"),
        gross: printedTotal(text, "Totale IVA inclusa"),
      };

      // A PDF/A-3b announcing a Factur-X EN 16931 attachment.
      expect(attached).toContain("factur-x.xml");
      expect(meta).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
      expect(meta).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
      expect(meta).toMatch(/<fx:ConformanceLevel>EN 16931<\/fx:ConformanceLevel>/);
      expect(meta).toMatch(/<fx:DocumentFileName>factur-x.xml<\/fx:DocumentFileName>/);

      // The machine-readable twin: valid against the profile's schema, same number, type, buyer and totals.
      expect(await schemaErrors(xml)).toEqual([]);
      const cii = parser.parse(xml).CrossIndustryInvoice;
      expect(cii.ExchangedDocumentContext.GuidelineSpecifiedDocumentContextParameter.ID).toBe(
        "urn:cen.eu:en16931:2017",
      );
      expect(cii.ExchangedDocument.ID).toBe(doc.number);
      expect(cii.ExchangedDocument.TypeCode).toBe(doc.kind === "invoice" ? "380" : "381");
      const trade = cii.SupplyChainTradeTransaction;
      const agreement = trade.ApplicableHeaderTradeAgreement;
      expect(agreement.BuyerTradeParty.Name).toBe(data.billing.name);
      expect(agreement.BuyerTradeParty.PostalTradeAddress.CountryID).toBe("IT");
      expect(agreement.SellerTradeParty.Name).toBe("Lumen Softworks SAS");
      expect(agreement.SellerTradeParty.SpecifiedTaxRegistration.ID["#text"]).toBe("FR40303265045");
      const settlement = trade.ApplicableHeaderTradeSettlement;
      expect(settlement.InvoiceCurrencyCode).toBe("EUR");
      const sum = settlement.SpecifiedTradeSettlementHeaderMonetarySummation;
      expect(sum.TaxBasisTotalAmount).toBe(printed.net);
      expect(sum.TaxTotalAmount["#text"]).toBe(printed.vat);
      expect(sum.GrandTotalAmount).toBe(printed.gross);
      expect(settlement.ApplicableTradeTax).toMatchObject({
        CategoryCode: "S",
        RateApplicablePercent: "22",
        BasisAmount: printed.net,
        CalculatedAmount: printed.vat,
      });
      const lines = [trade.IncludedSupplyChainTradeLineItem].flat();
      expect(lines.map((l) => l.SpecifiedTradeProduct.Name)).toEqual(data.lines.map((l) => l.description));

      if (doc.kind === "invoice") {
        expect(printed).toEqual({ net: "99.90", vat: "21.98", gross: "121.88" });
        expect(lines[0].SpecifiedLineTradeDelivery.BilledQuantity["#text"]).toBe("2");
        expect(lines[0].SpecifiedLineTradeAgreement.NetPriceProductTradePrice.ChargeAmount).toBe("49.95");
      } else {
        expect(printed).toEqual({ net: "10.00", vat: "2.20", gross: "12.20" });
        expect(text).toContain(`Rettifica la fattura ${invoice.number}.`);
        expect(settlement.InvoiceReferencedDocument.IssuerAssignedID).toBe(invoice.number);
      }
    }
    expect(creditNote.total).toBe(1220);
  });
});
