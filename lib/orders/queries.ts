import "server-only";
import { and, desc, eq, sql } from "drizzle-orm";
import type { TExecutor } from "@/db/open";
import { preparedQuery } from "@/db/prepared";
import type { TDocumentLink } from "@/lib/invoices/queries";
import { licenses, orderEvents, orderItems, orders, products, refunds } from "@/db/schema";

/** A product's name in the reader's language, falling back to the catalog name. */
export function productName(
  p: { name: string; localizedNames: Partial<Record<string, string>> },
  locale: string,
): string {
  return p.localizedNames[locale] ?? p.name;
}

export type TOrderSummary = {
  orderNumber: string;
  kind: "purchase" | "renewal";
  status: "paid" | "partially_refunded" | "refunded";
  paidAt: Date;
  currency: string;
  total: number;
  refunded: number;
  items: { name: string; quantity: number }[];
  /** Its invoices and credit notes, oldest first. */
  documents: TDocumentLink[];
};

/** An order's lines in the list (name and quantity), in the order they were bought. */
const summaryItemsJson = sql<
  { quantity: number; name: string; localizedNames: Partial<Record<string, string>> }[]
>`(
  select coalesce(json_agg(json_build_object(
    'quantity', oi.quantity, 'name', p.name, 'localizedNames', p.localized_names
  ) order by oi.created_at), '[]')
  from order_items oi join products p on p.id = oi.product_id
  where oi.order_id = orders.id)`;

/** An order's invoices and credit notes (as listOrderDocuments gives them), oldest first. */
const summaryDocumentsJson = sql<(Omit<TDocumentLink, "issuedAt"> & { issuedAt: string })[]>`(
  select coalesce(json_agg(json_build_object(
    'id', d.id, 'kind', d.kind, 'number', d.number, 'issuedAt', d.issued_at,
    'currency', d.currency, 'total', d.total
  ) order by d.issued_at, d.number), '[]')
  from invoices d where d.order_id = orders.id)`;

const ordersListQuery = preparedQuery((db) =>
  db
    .select({
      orderNumber: orders.orderNumber,
      kind: orders.kind,
      status: orders.status,
      paidAt: orders.paidAt,
      currency: orders.currency,
      total: orders.total,
      refunded: orders.refunded,
      items: summaryItemsJson,
      documents: summaryDocumentsJson,
    })
    .from(orders)
    .where(eq(orders.customerId, sql.placeholder("customerId")))
    .orderBy(desc(orders.paidAt), desc(orders.id))
    .limit(sql.placeholder("limit"))
    .prepare("orders_list"),
);

/**
 * The customer's orders, newest first, each with its lines and documents: one statement whatever
 * the number of orders (the lines and the documents as JSON arrays beside each order).
 */
export async function listOrders(
  db: TExecutor,
  customerId: string,
  locale: string,
  limit = 200,
): Promise<TOrderSummary[]> {
  const rows = await ordersListQuery(db).execute({ customerId, limit });
  return rows.map((r) => ({
    ...r,
    items: r.items.map((i) => ({ name: productName(i, locale), quantity: i.quantity })),
    documents: r.documents.map((d) => ({ ...d, issuedAt: new Date(d.issuedAt) })),
  }));
}

export type TOrderDetail = Awaited<ReturnType<typeof getOrder>>;

type TItemRow = {
  id: string;
  quantity: number;
  unitAmount: number;
  subtotal: number;
  tax: number;
  total: number;
  status: (typeof orderItems.$inferSelect)["status"];
  purchasedAt: string;
  name: string;
  localizedNames: Partial<Record<string, string>>;
  kind: (typeof products.$inferSelect)["kind"];
};
type TKeyRow = {
  id: string;
  orderItemId: string;
  key: string;
  status: (typeof licenses.$inferSelect)["status"];
  expiresAt: string | null;
  productName: string;
  productNames: Partial<Record<string, string>>;
};
type TEventRow = {
  type: (typeof orderEvents.$inferSelect)["type"];
  at: string;
  data: Record<string, unknown>;
};
type TRefundRow = {
  id: string;
  status: (typeof refunds.$inferSelect)["status"];
  amount: number;
  currency: string;
  requestedAt: string;
};

// The order's lines, keys, timeline and refunds as JSON arrays beside the order's own columns: the
// order page gets them in one statement (it was five). Timestamps come as ISO text with their
// offset. Written as SQL with aliases: drizzle leaves a single-table select's columns unqualified.
const itemsJson = sql<TItemRow[]>`(
  select coalesce(json_agg(json_build_object(
    'id', oi.id, 'quantity', oi.quantity, 'unitAmount', oi.unit_amount, 'subtotal', oi.subtotal,
    'tax', oi.tax, 'total', oi.total, 'status', oi.status, 'purchasedAt', oi.purchased_at,
    'name', p.name, 'localizedNames', p.localized_names, 'kind', p.kind
  ) order by oi.created_at), '[]')
  from order_items oi join products p on p.id = oi.product_id
  where oi.order_id = orders.id)`;

const keysJson = sql<TKeyRow[]>`(
  select coalesce(json_agg(json_build_object(
    'id', l.id, 'orderItemId', l.order_item_id, 'key', l.key, 'status', l.status,
    'expiresAt', l.expires_at, 'productName', p.name, 'productNames', p.localized_names
  ) order by l.created_at), '[]')
  from licenses l
  join order_items oi on oi.id = l.order_item_id
  join products p on p.id = l.product_id
  where oi.order_id = orders.id and l.customer_id = orders.customer_id)`;

const timelineJson = sql<TEventRow[]>`(
  select coalesce(json_agg(json_build_object('type', e.type, 'at', e.at, 'data', e.data) order by e.at), '[]')
  from order_events e where e.order_id = orders.id)`;

const refundsJson = sql<TRefundRow[]>`(
  select coalesce(json_agg(json_build_object(
    'id', r.id, 'status', r.status, 'amount', r.amount, 'currency', r.currency,
    'requestedAt', r.requested_at
  ) order by r.requested_at), '[]')
  from refunds r where r.order_id = orders.id and r.customer_id = orders.customer_id)`;

const orderQuery = preparedQuery((db) =>
  db
    .select({
      id: orders.id,
      orderNumber: orders.orderNumber,
      kind: orders.kind,
      status: orders.status,
      purchaseEmail: orders.purchaseEmail,
      paidAt: orders.paidAt,
      currency: orders.currency,
      subtotal: orders.subtotal,
      tax: orders.tax,
      total: orders.total,
      refunded: orders.refunded,
      taxRateBps: orders.taxRateBps,
      paymentMethod: orders.paymentMethod,
      country: orders.country,
      items: itemsJson,
      keys: keysJson,
      timeline: timelineJson,
      refunds: refundsJson,
    })
    .from(orders)
    .where(
      and(
        eq(orders.customerId, sql.placeholder("customerId")),
        eq(orders.orderNumber, sql.placeholder("orderNumber")),
      ),
    )
    .prepare("order_page"),
);

/**
 * One order of this customer by its number, with its lines, keys, timeline and refunds. Another
 * customer's order is `null`, exactly like a missing one. One statement.
 */
export async function getOrder(db: TExecutor, customerId: string, orderNumber: string, locale: string) {
  const [row] = await orderQuery(db).execute({ customerId, orderNumber });
  if (!row) return null;
  const { items, keys, timeline, refunds: refundRows, ...order } = row;
  return {
    ...order,
    items: items.map(({ localizedNames, name, purchasedAt, ...i }) => ({
      ...i,
      purchasedAt: new Date(purchasedAt),
      name: productName({ name, localizedNames }, locale),
      licenses: keys
        .filter((k) => k.orderItemId === i.id)
        .map(({ productName: pn, productNames, expiresAt, ...k }) => ({
          ...k,
          expiresAt: expiresAt === null ? null : new Date(expiresAt),
          productName: productName({ name: pn, localizedNames: productNames }, locale),
        })),
    })),
    timeline: timeline.map((e) => ({ ...e, at: new Date(e.at) })),
    refunds: refundRows.map((r) => ({ ...r, requestedAt: new Date(r.requestedAt) })),
  };
}
