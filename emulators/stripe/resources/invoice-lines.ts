// Invoice line items (with their Tax Rate taxes) and the invoice totals derived from them.
import type Stripe from "stripe";
import { newId } from "../ids";
import { lineTaxes, sumByRate } from "../tax";

export type InvoiceLineInput = {
  amount: number;
  description: string;
  price: Stripe.Price | null;
  quantity: number;
  period: { start: number; end: number };
  proration: boolean;
  subscriptionItem: string | null;
  invoiceItem: string | null;
  /** Rates applied to this line (the item's, else the subscription's default rates). */
  taxRates: Stripe.TaxRate[];
};

export function buildLine(
  invoiceId: string,
  subscription: string | null,
  l: InvoiceLineInput,
): Stripe.InvoiceLineItem {
  const parent: Stripe.InvoiceLineItem.Parent =
    l.subscriptionItem && !l.invoiceItem
      ? {
          type: "subscription_item_details",
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: null,
            proration: l.proration,
            proration_details: { credited_items: null },
            subscription,
            subscription_item: l.subscriptionItem,
          },
        }
      : {
          type: "invoice_item_details",
          subscription_item_details: null,
          invoice_item_details: {
            invoice_item: l.invoiceItem ?? "",
            proration: l.proration,
            proration_details: { credited_items: null },
            subscription,
          },
        };
  const line: Stripe.InvoiceLineItem = {
    id: newId("il"),
    object: "line_item",
    amount: l.amount,
    currency: l.price?.currency ?? "eur",
    description: l.description,
    discount_amounts: [],
    discountable: !l.proration,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent,
    period: l.period,
    pretax_credit_amounts: [],
    pricing: l.price
      ? {
          type: "price_details",
          price_details: { price: l.price.id, product: String(l.price.product) },
          unit_amount_decimal: l.price.unit_amount_decimal,
        }
      : null,
    quantity: l.quantity,
    quantity_decimal: String(l.quantity) as unknown as Stripe.Decimal,
    subscription,
    subtotal: l.amount,
    taxes: lineTaxes(l.amount, l.taxRates).taxes.map((t) => ({
      amount: t.amount,
      tax_behavior: t.inclusive ? "inclusive" : "exclusive",
      tax_rate_details: { tax_rate: t.rate.id },
      taxability_reason: "not_available",
      taxable_amount: t.taxableAmount,
      type: "tax_rate_details",
    })),
  };
  return line;
}

/** Amounts of an invoice from its lines: exclusive taxes are added to the subtotal, inclusive ones are in it. */
export function invoiceTotals(lines: Stripe.InvoiceLineItem[]): {
  subtotal: number;
  subtotalExcludingTax: number;
  total: number;
  totalExcludingTax: number;
  totalTaxes: Stripe.Invoice.TotalTax[];
} {
  const taxes = lines.flatMap((l) => l.taxes ?? []);
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const inclusive = taxes.filter((t) => t.tax_behavior === "inclusive").reduce((s, t) => s + t.amount, 0);
  const exclusive = taxes.filter((t) => t.tax_behavior !== "inclusive").reduce((s, t) => s + t.amount, 0);
  const total = subtotal + exclusive;
  return {
    subtotal,
    subtotalExcludingTax: subtotal - inclusive,
    total,
    totalExcludingTax: total - exclusive - inclusive,
    totalTaxes: sumByRate(taxes, (t) => t.tax_rate_details?.tax_rate ?? ""),
  };
}
