import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { TExecutor } from "@/db/open";
import { preparedQuery } from "@/db/prepared";
import { invoices, orders, type TSellerDetails } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import type { TDocumentForPdf } from "./render-pdf";

const EMPTY_SELLER: TSellerDetails = { name: "", addressLines: [], country: "", vatId: "", email: "" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TDocumentLink = {
  id: string;
  kind: "invoice" | "corrected_invoice" | "credit_note";
  number: string;
  issuedAt: Date;
  currency: string;
  total: number;
};

const orderDocumentsQuery = preparedQuery((db) =>
  db
    .select({
      id: invoices.id,
      kind: invoices.kind,
      number: invoices.number,
      issuedAt: invoices.issuedAt,
      currency: invoices.currency,
      total: invoices.total,
    })
    .from(invoices)
    .innerJoin(orders, eq(orders.id, invoices.orderId))
    .where(
      and(
        eq(invoices.orderId, sql.placeholder("orderId")),
        eq(orders.customerId, sql.placeholder("customerId")),
      ),
    )
    .orderBy(asc(invoices.issuedAt), asc(invoices.number))
    .prepare("order_documents"),
);

/** An order's invoices and credit notes, oldest first; only this customer's. */
export async function listOrderDocuments(
  db: TExecutor,
  customerId: string,
  orderId: string,
): Promise<TDocumentLink[]> {
  return orderDocumentsQuery(db).execute({ customerId, orderId });
}

/** The invoices and credit notes of several of this customer's orders, by order number, oldest first. */
export async function listDocumentsByOrder(
  db: TExecutor,
  customerId: string,
  orderNumbers: string[],
): Promise<Map<string, TDocumentLink[]>> {
  const byOrder = new Map<string, TDocumentLink[]>();
  if (orderNumbers.length === 0) return byOrder;
  const rows = await db
    .select({
      orderNumber: orders.orderNumber,
      id: invoices.id,
      kind: invoices.kind,
      number: invoices.number,
      issuedAt: invoices.issuedAt,
      currency: invoices.currency,
      total: invoices.total,
    })
    .from(invoices)
    .innerJoin(orders, eq(orders.id, invoices.orderId))
    .where(and(eq(orders.customerId, customerId), inArray(orders.orderNumber, orderNumbers)))
    .orderBy(asc(invoices.issuedAt), asc(invoices.number));
  for (const { orderNumber, ...doc } of rows) {
    const list = byOrder.get(orderNumber) ?? [];
    list.push(doc);
    byOrder.set(orderNumber, list);
  }
  return byOrder;
}

/**
 * One document of this customer, ready to render. Another customer's
 * document is `null`, exactly like a missing one (the route answers 404).
 */
export async function getDocument(
  db: TExecutor,
  customerId: string,
  documentId: string,
): Promise<TDocumentForPdf | null> {
  return loadDocument(db, documentId, customerId);
}

/**
 * One document whoever it belongs to: for the system only (the mail worker attaching it to the
 * customer's own mail), never with an id that came from a request.
 */
export async function getDocumentForSystem(
  db: TExecutor,
  documentId: string,
): Promise<TDocumentForPdf | null> {
  return loadDocument(db, documentId, null);
}

async function loadDocument(
  db: TExecutor,
  documentId: string,
  customerId: string | null,
): Promise<TDocumentForPdf | null> {
  if (!UUID.test(documentId)) return null;
  const corrected = alias(invoices, "corrected");
  const [row] = await db
    .select({ doc: invoices, orderNumber: orders.orderNumber, corrects: corrected.number })
    .from(invoices)
    .innerJoin(orders, eq(orders.id, invoices.orderId))
    .leftJoin(corrected, eq(corrected.id, invoices.correctsId))
    .where(
      customerId === null
        ? eq(invoices.id, documentId)
        : and(eq(invoices.id, documentId), eq(orders.customerId, customerId)),
    );
  if (!row) return null;
  const d = row.doc;
  let supersedes: TDocumentForPdf["supersedes"] = null;
  if (d.supersedesId) {
    const [old] = await db
      .select({ id: invoices.id, number: invoices.number })
      .from(invoices)
      .where(eq(invoices.id, d.supersedesId));
    const [cancel] = old
      ? await db
          .select({ number: invoices.number })
          .from(invoices)
          .where(and(eq(invoices.correctsId, old.id), eq(invoices.kind, "credit_note")))
      : [];
    supersedes = old ? { number: old.number, creditNote: cancel?.number ?? null } : null;
  }
  return {
    kind: d.kind,
    number: d.number,
    locale: (["en", "fr", "it"].includes(d.locale) ? d.locale : "en") as TLocale,
    orderNumber: row.orderNumber,
    issuedAt: d.issuedAt,
    suppliedAt: d.suppliedAt,
    currency: d.currency,
    subtotal: d.subtotal,
    tax: d.tax,
    total: d.total,
    lines: d.lines,
    seller: { ...EMPTY_SELLER, ...(d.seller as Partial<TSellerDetails>) },
    billing: d.billing,
    paymentMethod: d.paymentMethod,
    reverseCharge: d.reverseCharge,
    corrects: row.corrects,
    supersedes,
  };
}
