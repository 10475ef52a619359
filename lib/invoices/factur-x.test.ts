import { InvoiceService } from "@e-invoice-eu/core";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it, vi } from "vitest";
import { schemaErrors } from "@/tests/factur-x-schema";
import { decimalAmount, embedFacturX, facturXInvoice, percent, postalAddress, vatCategory } from "./factur-x";
import type { TDocumentForPdf } from "./render-pdf";

const SELLER = {
  name: "Lumen Softworks SAS",
  addressLines: ["12 rue des Exemples", "75011 Paris"],
  country: "FR",
  vatId: "FR40303265045",
  email: "support@lumen-softworks.test",
};

const INVOICE: TDocumentForPdf = {
  kind: "invoice",
  number: "INV-2026-000007",
  locale: "it",
  orderNumber: "LS-7F3K-92QD",
  issuedAt: new Date("2026-11-30T23:30:00Z"),
  suppliedAt: new Date("2026-11-30T23:29:00Z"),
  currency: "eur",
  subtotal: 9990,
  tax: 2198,
  total: 12188,
  lines: [
    {
      description: "Lumen Backup Pro",
      quantity: 2,
      unitAmount: 4995,
      taxRateBps: 2200,
      subtotal: 9990,
      tax: 2198,
      total: 12188,
    },
  ],
  seller: SELLER,
  billing: { name: "Chiara Rossi", country: "IT" },
  paymentMethod: { type: "card", brand: "visa", last4: "4242" },
  reverseCharge: false,
  corrects: null,
  supersedes: null,
};

const CREDIT_NOTE: TDocumentForPdf = {
  ...INVOICE,
  kind: "credit_note",
  number: "CN-2026-000002",
  subtotal: 1000,
  tax: 220,
  total: 1220,
  lines: [
    {
      description: "Rimborso sulla fattura INV-2026-000007",
      quantity: 1,
      unitAmount: 1000,
      taxRateBps: 2200,
      subtotal: 1000,
      tax: 220,
      total: 1220,
    },
  ],
  paymentMethod: null,
  corrects: "INV-2026-000007",
};

const REVERSE_CHARGE: TDocumentForPdf = {
  ...INVOICE,
  kind: "corrected_invoice",
  number: "INV-2026-000009",
  locale: "en",
  tax: 0,
  total: 9990,
  lines: [{ ...INVOICE.lines[0]!, taxRateBps: 0, tax: 0, total: 9990 }],
  billing: {
    companyName: "Rossi Srl",
    name: "Chiara Rossi",
    addressLines: ["Via Roma 1", "20121 Milano"],
    country: "IT",
    vatId: "IT00743110157",
  },
  reverseCharge: true,
  supersedes: { number: "INV-2026-000007", creditNote: "CN-2026-000003" },
};

const TWO_RATES: TDocumentForPdf = {
  ...INVOICE,
  subtotal: 3000,
  tax: 505,
  total: 3505,
  lines: [
    {
      description: "A",
      quantity: 1,
      unitAmount: 2000,
      taxRateBps: 2000,
      subtotal: 2000,
      tax: 400,
      total: 2400,
    },
    { description: "B", quantity: 2, unitAmount: 500, taxRateBps: 550, subtotal: 1000, tax: 55, total: 1055 },
  ],
};

describe("Factur-X data of a document", () => {
  it("maps an invoice onto EN 16931: number, type, dates, parties, line, VAT breakdown, paid totals", () => {
    const x = facturXInvoice(INVOICE)["ubl:Invoice"];
    expect(x).toMatchObject({
      "cbc:CustomizationID": "urn:cen.eu:en16931:2017",
      "cbc:ID": "INV-2026-000007",
      "cbc:InvoiceTypeCode": "380",
      "cbc:IssueDate": "2026-11-30",
      "cbc:DocumentCurrencyCode": "EUR",
      "cac:OrderReference": { "cbc:SalesOrderID": "LS-7F3K-92QD" },
      "cac:Delivery": { "cbc:ActualDeliveryDate": "2026-11-30" },
      "cac:PaymentMeans": [
        { "cbc:PaymentMeansCode": "48", "cac:CardAccount": { "cbc:PrimaryAccountNumberID": "4242" } },
      ],
    });
    expect(x["cac:AccountingSupplierParty"]["cac:Party"]).toMatchObject({
      "cac:PostalAddress": {
        "cbc:StreetName": "12 rue des Exemples",
        "cbc:PostalZone": "75011",
        "cbc:CityName": "Paris",
        "cac:Country": { "cbc:IdentificationCode": "FR" },
      },
      "cac:PartyTaxScheme": [{ "cbc:CompanyID": "FR40303265045" }],
      "cac:PartyLegalEntity": { "cbc:RegistrationName": "Lumen Softworks SAS" },
    });
    expect(x["cac:AccountingCustomerParty"]["cac:Party"]).toMatchObject({
      "cac:PartyLegalEntity": { "cbc:RegistrationName": "Chiara Rossi" },
      "cac:PostalAddress": { "cac:Country": { "cbc:IdentificationCode": "IT" } },
    });
    expect(x["cac:InvoiceLine"]).toEqual([
      expect.objectContaining({
        "cbc:InvoicedQuantity": "2",
        "cbc:LineExtensionAmount": "99.90",
        "cac:Price": { "cbc:PriceAmount": "49.95", "cbc:PriceAmount@currencyID": "EUR" },
        "cac:Item": {
          "cbc:Name": "Lumen Backup Pro",
          "cac:ClassifiedTaxCategory": {
            "cbc:ID": "S",
            "cbc:Percent": "22",
            "cac:TaxScheme": { "cbc:ID": "VAT" },
          },
        },
      }),
    ]);
    expect(x["cac:TaxTotal"][0]).toMatchObject({
      "cbc:TaxAmount": "21.98",
      "cac:TaxSubtotal": [
        { "cbc:TaxableAmount": "99.90", "cbc:TaxAmount": "21.98", "cac:TaxCategory": { "cbc:ID": "S" } },
      ],
    });
    expect(x["cac:LegalMonetaryTotal"]).toMatchObject({
      "cbc:LineExtensionAmount": "99.90",
      "cbc:TaxExclusiveAmount": "99.90",
      "cbc:TaxInclusiveAmount": "121.88",
      "cbc:PrepaidAmount": "121.88",
      "cbc:PayableAmount": "0.00",
    });
  });

  it("a credit note is type 381 and references the invoice it corrects", () => {
    const x = facturXInvoice(CREDIT_NOTE)["ubl:Invoice"];
    expect(x["cbc:InvoiceTypeCode"]).toBe("381");
    expect(x["cac:BillingReference"]).toEqual([
      { "cac:InvoiceDocumentReference": { "cbc:ID": "INV-2026-000007" } },
    ]);
    expect(x["cac:PaymentMeans"]).toBeUndefined();
    expect(x["cac:LegalMonetaryTotal"]["cbc:TaxInclusiveAmount"]).toBe("12.20");
  });

  it("a reverse-charge corrected invoice: 384, category AE with its exemption, the buyer's company and VAT ID", () => {
    const x = facturXInvoice(REVERSE_CHARGE)["ubl:Invoice"];
    expect(x["cbc:InvoiceTypeCode"]).toBe("384");
    expect(x["cac:BillingReference"]![0]!["cac:InvoiceDocumentReference"]["cbc:ID"]).toBe("INV-2026-000007");
    expect(x["cbc:Note"]).toEqual([
      "Reverse charge: VAT to be accounted for by the customer (Article 196 of Directive 2006/112/EC).",
    ]);
    expect(x["cac:TaxTotal"][0]["cac:TaxSubtotal"]).toEqual([
      expect.objectContaining({
        "cbc:TaxAmount": "0.00",
        "cac:TaxCategory": expect.objectContaining({
          "cbc:ID": "AE",
          "cbc:Percent": "0",
          "cbc:TaxExemptionReasonCode": "VATEX-EU-AE",
        }),
      }),
    ]);
    expect(x["cac:AccountingCustomerParty"]["cac:Party"]).toMatchObject({
      "cac:PartyLegalEntity": { "cbc:RegistrationName": "Rossi Srl" },
      "cac:PartyTaxScheme": { "cbc:CompanyID": "IT00743110157" },
      "cac:Contact": { "cbc:Name": "Chiara Rossi" },
      "cac:PostalAddress": {
        "cbc:StreetName": "Via Roma 1",
        "cbc:PostalZone": "20121",
        "cbc:CityName": "Milano",
      },
    });
  });

  it("breaks VAT down per rate", () => {
    const x = facturXInvoice(TWO_RATES)["ubl:Invoice"];
    expect(
      x["cac:TaxTotal"][0]["cac:TaxSubtotal"]!.map((s) => [
        s["cac:TaxCategory"]["cbc:Percent"],
        s["cbc:TaxableAmount"],
        s["cbc:TaxAmount"],
      ]),
    ).toEqual([
      ["20", "20.00", "4.00"],
      ["5.5", "10.00", "0.55"],
    ]);
  });

  it("small rules: amounts, rates, addresses, categories", () => {
    expect(decimalAmount(12188, "EUR")).toBe("121.88");
    expect(decimalAmount(5, "eur")).toBe("0.05");
    expect(decimalAmount(1234, "JPY")).toBe("1234");
    expect(percent(2200)).toBe("22");
    expect(percent(550)).toBe("5.5");
    expect(postalAddress(["1 Main Street", "Suite 4", "Floor 2", "D02 X285 Dublin"], "ie")).toEqual({
      "cbc:StreetName": "1 Main Street",
      "cbc:AdditionalStreetName": "Suite 4",
      "cac:AddressLine": { "cbc:Line": "Floor 2, D02 X285 Dublin" },
      "cac:Country": { "cbc:IdentificationCode": "IE" },
    });
    expect(postalAddress([], "IT")).toEqual({ "cac:Country": { "cbc:IdentificationCode": "IT" } });
    const doc = (country: string, reverseCharge = false) => ({ reverseCharge, billing: { country } });
    expect(vatCategory(doc("IT"), 2200)).toBe("S");
    expect(vatCategory(doc("DE", true), 0)).toBe("AE");
    expect(vatCategory(doc("US"), 0)).toBe("G");
    expect(vatCategory(doc("FR"), 0)).toBe("Z");
  });

  it("the library accepts each document and writes CII XML valid against the profile's schema, with the same totals", async () => {
    const service = new InvoiceService({ log() {}, warn() {}, error() {} });
    const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false });
    for (const d of [INVOICE, CREDIT_NOTE, REVERSE_CHARGE, TWO_RATES]) {
      const xml = await service.generate(facturXInvoice(d), { format: "CII", lang: "en-gb" });
      expect(typeof xml).toBe("string");
      expect(await schemaErrors(xml as string)).toEqual([]);
      const cii = parser.parse(xml as string).CrossIndustryInvoice;
      expect(cii.ExchangedDocument.ID).toBe(d.number);
      const sum =
        cii.SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement
          .SpecifiedTradeSettlementHeaderMonetarySummation;
      expect(sum.TaxBasisTotalAmount).toBe(decimalAmount(d.subtotal, d.currency));
      expect(sum.GrandTotalAmount).toBe(decimalAmount(d.total, d.currency));
      expect(sum.DuePayableAmount).toBe("0.00");
    }
  }, 60_000);

  it("a document the norm refuses (no seller country) is served as printed, and the error is logged", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const printed = Buffer.from("%PDF-1.7 as printed");
    const out = await embedFacturX(printed, { ...INVOICE, seller: { ...SELLER, country: "" } });
    expect(out).toBe(printed);
    expect(error).toHaveBeenCalledWith(expect.stringContaining("INV-2026-000007 served without its XML"));
    error.mockRestore();
  }, 60_000);
});
