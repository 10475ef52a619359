import {
  type EInvoiceFormat,
  FormatFactoryService,
  type Invoice,
  invoiceSchema,
  type Logger,
} from "@e-invoice-eu/core";
import { Ajv2019, type ValidateFunction } from "ajv/dist/2019.js";
import type { TDocumentForPdf } from "./render-pdf";
import { documentTranslator } from "./translator";
import { EU_COUNTRIES, totalsByRate } from "./vat";

/**
 * Factur-X (ZUGFeRD 2) for our invoices and credit notes: the document's EN 16931 data as a CII XML
 * (`factur-x.xml`) inside the PDF, which becomes a PDF/A-3b, so that a business buyer's accounting
 * software reads it without retyping. Profile EN 16931 (a.k.a. COMFORT): every field the
 * European norm defines, no national extension. The XML and the PDF/A-3 conversion come from
 * @e-invoice-eu/core (it checks our data against its EN 16931 schema before it writes anything);
 * this module only maps our document onto the norm's business terms (BT-n below).
 */
export const FACTUR_X_PROFILE = "Factur-X-EN16931";
/** BT-24, the specification identifier of the EN 16931 profile. */
export const EN16931_GUIDELINE = "urn:cen.eu:en16931:2017";

type TUblInvoice = Invoice["ubl:Invoice"];
type TCurrency = NonNullable<TUblInvoice["cac:LegalMonetaryTotal"]["cbc:PayableAmount@currencyID"]>;
type TCountry =
  TUblInvoice["cac:AccountingSupplierParty"]["cac:Party"]["cac:PostalAddress"]["cac:Country"]["cbc:IdentificationCode"];
type TPostalAddress = TUblInvoice["cac:AccountingSupplierParty"]["cac:Party"]["cac:PostalAddress"];
type TTaxCategory = TUblInvoice["cac:InvoiceLine"][0]["cac:Item"]["cac:ClassifiedTaxCategory"];
type TCategoryCode = TTaxCategory["cbc:ID"];

/** UNTDID 1001: commercial invoice, credit note, corrected invoice. */
const TYPE_CODES = { invoice: "380", credit_note: "381", corrected_invoice: "384" } as const;

/** Minor units to the norm's decimal amount ("121.88"), as many decimals as the currency has. */
export function decimalAmount(minor: number, currency: string): string {
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return (minor / 10 ** digits).toFixed(digits);
}

/** A VAT rate in basis points as the norm's percentage ("22", "5.5"). */
export function percent(bps: number): string {
  return String(bps / 100);
}

/** YYYY-MM-DD in UTC, the day the PDF prints. */
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Postal address lines as the norm's fields: a last line "75011 Paris" (or "IT-20121 Milano") gives
 * the post code (BT-38/53) and city (BT-37/52); the lines before it are the street lines.
 */
export function postalAddress(lines: readonly string[], country: string): TPostalAddress {
  const rest = lines.map((l) => l.trim()).filter(Boolean);
  const last = rest.at(-1)?.match(/^((?:[A-Z]{1,2}-)?\d{4,6})\s+(.+)$/);
  if (last) rest.pop();
  const [street, additional, ...more] = rest;
  return {
    ...(street ? { "cbc:StreetName": street } : {}),
    ...(additional ? { "cbc:AdditionalStreetName": additional } : {}),
    ...(last ? { "cbc:CityName": last[2]!, "cbc:PostalZone": last[1]! } : {}),
    ...(more.length ? { "cac:AddressLine": { "cbc:Line": more.join(", ") } } : {}),
    "cac:Country": { "cbc:IdentificationCode": country.toUpperCase() as TCountry },
  };
}

/**
 * The VAT category of a rate on this document: standard rate when VAT is charged; otherwise
 * reverse charge (AE) for an EU business buyer, export (G) for a buyer outside the EU, zero rate (Z).
 */
export function vatCategory(
  d: Pick<TDocumentForPdf, "reverseCharge" | "billing">,
  bps: number,
): TCategoryCode {
  if (bps > 0) return "S";
  if (d.reverseCharge) return "AE";
  const country = d.billing.country?.toUpperCase();
  if (country && !EU_COUNTRIES.has(country)) return "G";
  return "Z";
}

/** The document's EN 16931 data, in @e-invoice-eu/core's input format (UBL element names). */
export function facturXInvoice(d: TDocumentForPdf): Invoice {
  const t = documentTranslator(d.locale);
  const currency = d.currency.toUpperCase() as TCurrency;
  const money = (minor: number) => decimalAmount(minor, currency);
  const category = (bps: number): TTaxCategory => {
    const code = vatCategory(d, bps);
    return { "cbc:ID": code, "cbc:Percent": percent(bps), "cac:TaxScheme": { "cbc:ID": "VAT" } };
  };
  const exemption = (code: TCategoryCode) =>
    code === "AE"
      ? { "cbc:TaxExemptionReasonCode": "VATEX-EU-AE" as const, "cbc:TaxExemptionReason": t("reverseCharge") }
      : code === "G"
        ? { "cbc:TaxExemptionReasonCode": "VATEX-EU-G" as const }
        : {};
  const b = d.billing;
  const buyerName = b.companyName || b.name || "—";
  const buyerCountry = b.country || d.seller.country;
  const preceding = d.kind === "credit_note" ? d.corrects : (d.supersedes?.number ?? null);
  const pm = d.paymentMethod;
  const [first, ...others] = d.lines.map((l, i) => ({
    "cbc:ID": String(i + 1),
    "cbc:InvoicedQuantity": String(l.quantity),
    "cbc:InvoicedQuantity@unitCode": "C62" as const,
    "cbc:LineExtensionAmount": money(l.subtotal),
    "cbc:LineExtensionAmount@currencyID": currency,
    "cac:Item": { "cbc:Name": l.description, "cac:ClassifiedTaxCategory": category(l.taxRateBps) },
    "cac:Price": { "cbc:PriceAmount": money(l.unitAmount), "cbc:PriceAmount@currencyID": currency },
  }));
  if (!first) throw new Error(`document ${d.number} has no lines`);

  const invoice: TUblInvoice = {
    "cbc:CustomizationID": EN16931_GUIDELINE,
    "cbc:ID": d.number,
    "cbc:IssueDate": day(d.issuedAt),
    "cbc:InvoiceTypeCode": TYPE_CODES[d.kind],
    ...(d.reverseCharge ? { "cbc:Note": [t("reverseCharge")] } : {}),
    "cbc:DocumentCurrencyCode": currency,
    "cac:OrderReference": { "cbc:SalesOrderID": d.orderNumber },
    ...(preceding
      ? { "cac:BillingReference": [{ "cac:InvoiceDocumentReference": { "cbc:ID": preceding } }] }
      : {}),
    "cac:AccountingSupplierParty": {
      "cac:Party": {
        ...(d.seller.email
          ? { "cbc:EndpointID": d.seller.email, "cbc:EndpointID@schemeID": "EM" as const }
          : {}),
        "cac:PostalAddress": postalAddress(d.seller.addressLines, d.seller.country),
        ...(d.seller.vatId
          ? {
              "cac:PartyTaxScheme": [
                { "cbc:CompanyID": d.seller.vatId, "cac:TaxScheme": { "cbc:ID": "VAT" } },
              ],
            }
          : {}),
        "cac:PartyLegalEntity": { "cbc:RegistrationName": d.seller.name },
        ...(d.seller.email ? { "cac:Contact": { "cbc:ElectronicMail": d.seller.email } } : {}),
      },
    },
    "cac:AccountingCustomerParty": {
      "cac:Party": {
        "cac:PostalAddress": postalAddress(b.addressLines ?? [], buyerCountry),
        ...(b.vatId
          ? { "cac:PartyTaxScheme": { "cbc:CompanyID": b.vatId, "cac:TaxScheme": { "cbc:ID": "VAT" } } }
          : {}),
        "cac:PartyLegalEntity": { "cbc:RegistrationName": buyerName },
        ...(b.companyName && b.name ? { "cac:Contact": { "cbc:Name": b.name } } : {}),
      },
    },
    ...(d.suppliedAt ? { "cac:Delivery": { "cbc:ActualDeliveryDate": day(d.suppliedAt) } } : {}),
    ...(pm && d.kind !== "credit_note"
      ? {
          "cac:PaymentMeans": [
            pm.last4
              ? {
                  "cbc:PaymentMeansCode": "48" as const,
                  "cac:CardAccount": {
                    "cbc:PrimaryAccountNumberID": pm.last4,
                    "cbc:NetworkID": pm.brand ?? pm.type ?? "card",
                  },
                }
              : { "cbc:PaymentMeansCode": "ZZZ" as const, "cbc:PaymentMeansCode@name": pm.type ?? "other" },
          ],
        }
      : {}),
    "cac:TaxTotal": [
      {
        "cbc:TaxAmount": money(d.tax),
        "cbc:TaxAmount@currencyID": currency,
        "cac:TaxSubtotal": totalsByRate(d.lines).map((r) => {
          const c = category(r.taxRateBps);
          return {
            "cbc:TaxableAmount": money(r.subtotal),
            "cbc:TaxableAmount@currencyID": currency,
            "cbc:TaxAmount": money(r.tax),
            "cbc:TaxAmount@currencyID": currency,
            "cac:TaxCategory": { ...c, ...exemption(c["cbc:ID"]) },
          };
        }),
      },
    ],
    // Paid by card when issued (a credit note: refunded), so nothing is left to pay (BT-113, BT-115).
    "cac:LegalMonetaryTotal": {
      "cbc:LineExtensionAmount": money(d.lines.reduce((s, l) => s + l.subtotal, 0)),
      "cbc:LineExtensionAmount@currencyID": currency,
      "cbc:TaxExclusiveAmount": money(d.subtotal),
      "cbc:TaxExclusiveAmount@currencyID": currency,
      "cbc:TaxInclusiveAmount": money(d.total),
      "cbc:TaxInclusiveAmount@currencyID": currency,
      "cbc:PrepaidAmount": money(d.total),
      "cbc:PrepaidAmount@currencyID": currency,
      "cbc:PayableAmount": money(0),
      "cbc:PayableAmount@currencyID": currency,
    },
    "cac:InvoiceLine": [first, ...others],
  };
  return { "ubl:Invoice": invoice };
}

const XMP_LANG = { en: "en-gb", fr: "fr-fr", it: "it-it" } as const;

const quiet: Logger = { log() {}, warn: console.warn, error: console.error };
const formats = new FormatFactoryService();
let validator: ValidateFunction<Invoice> | undefined;

/**
 * The library's own check of the data against its EN 16931 schema, compiled once per process
 * (InvoiceService.generate compiles it on every call: ~300 ms of CPU per document, measured).
 */
function invalidity(invoice: Invoice, format: EInvoiceFormat): string | null {
  if (!validator) {
    const schema = structuredClone(invoiceSchema);
    format.patchSchema(schema);
    validator = new Ajv2019({ strict: true, allErrors: true, useDefaults: true }).compile<Invoice>(schema);
  }
  return validator(invoice) ? null : JSON.stringify(validator.errors);
}

/**
 * @e-invoice-eu/core 2.3.4 maps BT-25 (the preceding invoice) to CII from `cac:BillingReference[n]/cbc:ID`,
 * one level above where its own schema puts it (`cac:InvoiceDocumentReference/cbc:ID`), so a credit
 * note would lose its reference (upstream issue gflohr/e-invoice-eu#455). After validation, we give
 * the number at both places; remove this when the library reads the right one.
 */
function withPrecedingInvoiceForCii(invoice: Invoice): Invoice {
  for (const ref of invoice["ubl:Invoice"]["cac:BillingReference"] ?? [])
    Object.assign(ref, { "cbc:ID": ref["cac:InvoiceDocumentReference"]["cbc:ID"] });
  return invoice;
}

/**
 * Our PDF as a Factur-X: the same pages, now PDF/A-3b, with the document's EN 16931 data attached as
 * `factur-x.xml` (relationship Alternative) and announced in the XMP metadata. What
 * InvoiceService.generate does, with the schema compiled once.
 */
export async function embedFacturX(pdf: Buffer, d: TDocumentForPdf): Promise<Buffer> {
  const format = formats.createFormatService(FACTUR_X_PROFILE, quiet);
  const invoice = facturXInvoice(d);
  const invalid = invalidity(invoice, format);
  if (invalid) {
    // The printed document is the invoice; its data twin is a convenience. A document whose stored
    // data the norm refuses (an old row without seller details, say) is served as printed, and said.
    console.error(`Factur-X: ${d.number} served without its XML, its data is invalid: ${invalid}`);
    return pdf;
  }
  format.fillInvoiceDefaults(invoice);
  const out = await format.generate(withPrecedingInvoiceForCii(invoice), {
    format: formats.normalizeFormat(FACTUR_X_PROFILE),
    lang: XMP_LANG[d.locale],
    pdf: { buffer: pdf, filename: `${d.number}.pdf`, mimetype: "application/pdf" },
  });
  if (typeof out === "string") throw new Error("Factur-X: expected a PDF, got text");
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
