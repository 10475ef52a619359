// A document as the PDF renderer takes it, and the text of a PDF read back with Poppler's pdftotext:
// for the tests of the rendering (lib/invoices).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TDocumentForPdf } from "@/lib/invoices/render-pdf";

/** A French invoice for two licenses at 49.95 € with 20 % VAT, paid by card; `changes` on top. */
export function sampleDocument(changes: Partial<TDocumentForPdf> = {}): TDocumentForPdf {
  return {
    kind: "invoice",
    number: "INV-2026-000042",
    locale: "fr",
    orderNumber: "LS-7F3K-92QD",
    issuedAt: new Date("2026-11-30T23:30:00Z"),
    suppliedAt: new Date("2026-11-30T23:29:00Z"),
    currency: "eur",
    subtotal: 9990,
    tax: 1998,
    total: 11988,
    lines: [
      {
        description: "Lumen Backup Pro",
        quantity: 2,
        unitAmount: 4995,
        taxRateBps: 2000,
        subtotal: 9990,
        tax: 1998,
        total: 11988,
      },
    ],
    seller: {
      name: "Lumen Softworks SAS",
      addressLines: ["12 rue des Exemples", "75011 Paris"],
      country: "FR",
      vatId: "FR40303265045",
      email: "support@lumen-softworks.test",
    },
    billing: { name: "Claire Martin", country: "FR" },
    paymentMethod: { type: "card", brand: "visa", last4: "4242" },
    reverseCharge: false,
    corrects: null,
    supersedes: null,
    ...changes,
  };
}

/** The PDF's text, laid out as printed (pdftotext -layout). */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), "pdf-text-"));
  try {
    const file = path.join(dir, "doc.pdf");
    writeFileSync(file, pdf);
    return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
