import { readFileSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import type { TBillingDetails, TInvoiceLine, TSellerDetails } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { formatDate, formatMoney, formatNumber } from "@/lib/i18n/format";
import { embedFacturX } from "./factur-x";
import { documentTranslator } from "./translator";
import { totalsByRate } from "./vat";

export type TDocumentForPdf = {
  kind: "invoice" | "corrected_invoice" | "credit_note";
  number: string;
  locale: TLocale;
  orderNumber: string;
  issuedAt: Date;
  suppliedAt: Date | null;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  lines: TInvoiceLine[];
  seller: TSellerDetails;
  billing: TBillingDetails;
  paymentMethod: Record<string, string> | null;
  reverseCharge: boolean;
  /** A credit note: the invoice it corrects. */
  corrects: string | null;
  /** A corrected invoice: the invoice it replaces and the credit note that cancelled it. */
  supersedes: { number: string; creditNote: string | null } | null;
};

// DejaVu Sans (Bitstream Vera licence, shipped by the dejavu-fonts-ttf package): €, accents, ’ and the
// narrow no-break space Intl puts in French amounts. Read from the package, never from a system path.
// A path, not an import: the bundler has no loader for .ttf and must leave the files alone.
const FONT_DIR = path.join(process.cwd(), "node_modules", "dejavu-fonts-ttf", "ttf");
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= {
    regular: readFileSync(path.join(FONT_DIR, "DejaVuSans.ttf")),
    bold: readFileSync(path.join(FONT_DIR, "DejaVuSans-Bold.ttf")),
  };
  return fonts;
}

const LEFT = 50;
const WIDTH = 495;

/** The document as a PDF in its own language (the customer's when it was issued). */
export async function renderDocumentPdf(d: TDocumentForPdf): Promise<Buffer> {
  const t = documentTranslator(d.locale);
  const money = (n: number) => formatMoney(n, d.currency, d.locale);
  const rate = (bps: number) => formatNumber(bps / 100, d.locale);
  const { regular, bold } = loadFonts();
  const pdf = new PDFDocument({
    size: "A4",
    margin: LEFT,
    lang: d.locale,
    info: { Title: `${t(d.kind)} ${d.number}`, Author: d.seller.name, Subject: d.orderNumber },
  });
  pdf.registerFont("body", regular);
  pdf.registerFont("bold", bold);
  const chunks: Buffer[] = [];
  pdf.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });

  pdf
    .font("bold")
    .fontSize(18)
    .text(`${t(d.kind)} ${d.number}`, LEFT, 50);
  pdf.moveDown(0.8);

  // Seller and buyer side by side.
  const top = pdf.y;
  const block = (title: string, lines: string[], x: number) => {
    pdf.font("bold").fontSize(10).text(title, x, top, { width: 230 });
    pdf.font("body").fontSize(10);
    for (const l of lines) pdf.text(l, x, pdf.y, { width: 230 });
    return pdf.y;
  };
  const b = d.billing;
  const sellerEnd = block(
    t("seller"),
    [
      d.seller.name,
      ...d.seller.addressLines,
      d.seller.country,
      ...(d.seller.vatId ? [t("vatId", { vatId: d.seller.vatId })] : []),
    ],
    LEFT,
  );
  const buyerEnd = block(
    t("buyer"),
    [
      ...(b.companyName ? [b.companyName] : []),
      ...(b.name ? [b.name] : []),
      ...(b.addressLines ?? []),
      ...(b.country ? [b.country] : []),
      ...(b.vatId ? [t("vatId", { vatId: b.vatId })] : []),
    ],
    LEFT + 265,
  );
  pdf.y = Math.max(sellerEnd, buyerEnd) + 14;

  pdf.font("body").fontSize(10);
  const facts: [string, string][] = [
    [t("number"), d.number],
    [t("issuedAt"), formatDate(d.issuedAt, d.locale)],
    ...(d.suppliedAt ? [[t("suppliedAt"), formatDate(d.suppliedAt, d.locale)] as [string, string]] : []),
    [t("orderNumber"), d.orderNumber],
  ];
  for (const [k, v] of facts) pdf.text(`${k}: ${v}`, LEFT, pdf.y, { width: WIDTH });
  if (d.corrects) pdf.text(t("corrects", { number: d.corrects }), LEFT, pdf.y, { width: WIDTH });
  if (d.supersedes)
    pdf.text(
      t("supersedes", { number: d.supersedes.number, creditNote: d.supersedes.creditNote ?? "—" }),
      LEFT,
      pdf.y,
      { width: WIDTH },
    );
  pdf.moveDown(1);

  // The lines.
  const cols = [
    { key: "description", x: LEFT, w: 175, align: "left" as const },
    { key: "quantity", x: LEFT + 180, w: 35, align: "right" as const },
    { key: "unitPrice", x: LEFT + 220, w: 80, align: "right" as const },
    { key: "vatRate", x: LEFT + 305, w: 50, align: "right" as const },
    { key: "vat", x: LEFT + 360, w: 60, align: "right" as const },
    { key: "lineTotal", x: LEFT + 425, w: 70, align: "right" as const },
  ];
  const row = (cells: string[], font: "body" | "bold") => {
    const y = pdf.y;
    let bottom = y;
    pdf.font(font).fontSize(9);
    cells.forEach((c, i) => {
      const col = cols[i]!;
      pdf.text(c, col.x, y, { width: col.w, align: col.align });
      bottom = Math.max(bottom, pdf.y);
    });
    pdf.y = bottom + 4;
  };
  row(
    cols.map((c) => t(c.key as "description")),
    "bold",
  );
  pdf
    .moveTo(LEFT, pdf.y - 2)
    .lineTo(LEFT + WIDTH, pdf.y - 2)
    .stroke();
  for (const l of d.lines)
    row(
      [
        l.description,
        String(l.quantity),
        money(l.unitAmount),
        `${rate(l.taxRateBps)} %`,
        money(l.tax),
        money(l.subtotal),
      ],
      "body",
    );
  pdf.moveDown(0.5);

  // Totals per rate, then the whole.
  pdf.font("body").fontSize(10);
  for (const r of totalsByRate(d.lines))
    pdf.text(
      t("totalsByRate", { rate: rate(r.taxRateBps), base: money(r.subtotal), tax: money(r.tax) }),
      LEFT,
      pdf.y,
      {
        width: WIDTH,
        align: "right",
      },
    );
  pdf.text(`${t("subtotal")}: ${money(d.subtotal)}`, LEFT, pdf.y, { width: WIDTH, align: "right" });
  pdf.text(`${t("totalVat")}: ${money(d.tax)}`, LEFT, pdf.y, { width: WIDTH, align: "right" });
  pdf
    .font("bold")
    .fontSize(12)
    .text(`${t("total")}: ${money(d.total)}`, LEFT, pdf.y, { width: WIDTH, align: "right" });
  pdf
    .font("body")
    .fontSize(10)
    .text(t("currency", { currency: d.currency.toUpperCase() }), LEFT, pdf.y, {
      width: WIDTH,
      align: "right",
    });
  pdf.moveDown(1);

  const pm = d.paymentMethod;
  if (pm && d.kind !== "credit_note") {
    const method = pm.last4
      ? t("card", {
          brand: (pm.brand ?? pm.type ?? "").replace(/^\w/, (c) => c.toUpperCase()),
          last4: pm.last4,
        })
      : (pm.type ?? "");
    pdf.text(t("paymentMethod", { method }), LEFT, pdf.y, { width: WIDTH });
    if (d.suppliedAt) pdf.text(t("paid", { date: formatDate(d.suppliedAt, d.locale) }), LEFT, pdf.y);
  }
  if (d.reverseCharge) {
    pdf.moveDown(0.5);
    pdf.font("bold").text(t("reverseCharge"), LEFT, pdf.y, { width: WIDTH });
  }
  pdf.end();
  // Factur-X: the same pages as a PDF/A-3b carrying the document's EN 16931 XML (factur-x.ts).
  return embedFacturX(await done, d);
}
