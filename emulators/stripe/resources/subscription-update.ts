// Subscription updates: cancel_at_period_end, cancellation_details, metadata, and item price/quantity
// changes with Stripe's per-second prorations (create_prorations | always_invoice | none).
import type Stripe from "stripe";
import { formatDay, nextPeriodEnd } from "../billing-period";
import type { Core } from "../core";
import { invalidParam, invalidRequest, resourceMissing } from "../errors";
import { newId } from "../ids";
import { applyMetadata, Params } from "../params";
import { diff, getCustomer } from "./customers";
import { createPaidInvoice, type InvoiceLineInput } from "./invoices";
import { getPrice } from "./prices";
import { itemLine, itemTaxRates, planOf, productName, readCancellationDetails } from "./subscriptions";
import { readTaxRates } from "./tax-rates";

type ItemChange = {
  item: Stripe.SubscriptionItem;
  price: Stripe.Price;
  quantity: number;
  taxRates: Stripe.TaxRate[] | undefined;
};

export function periodEnd(sub: Stripe.Subscription): number {
  return Math.min(...sub.items.data.map((i) => i.current_period_end));
}

function readItemChanges(core: Core, sub: Stripe.Subscription, p: Params): ItemChange[] {
  const changes: ItemChange[] = [];
  for (const ip of p.objArray("items") ?? []) {
    const id = ip.str("id");
    if (!id)
      throw invalidParam(
        "The emulator only supports changing existing items: pass items[i][id].",
        ip.name("id"),
      );
    if (ip.bool("deleted"))
      throw invalidParam("The emulator does not support deleting subscription items.", ip.name("deleted"));
    const item = sub.items.data.find((i) => i.id === id);
    if (!item) throw resourceMissing("subscription_item", id, ip.name("id"));
    const priceId = ip.str("price");
    const price = priceId ? getPrice(core, priceId, ip.name("price")) : item.price;
    if (!price.recurring) {
      throw invalidRequest(
        "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.",
        { param: ip.name("price") },
      );
    }
    if (price.currency !== sub.currency) {
      throw invalidRequest(
        `The price specified uses currency \`${price.currency}\` but the subscription uses \`${sub.currency}\`.`,
        { param: ip.name("price") },
      );
    }
    const quantity = ip.posInt("quantity") ?? item.quantity ?? 1;
    const taxRates = readTaxRates(
      core,
      ip,
      "tax_rates",
      (item.tax_rates ?? []).map((r) => r.id),
    );
    if (price.id !== item.price.id || quantity !== item.quantity || taxRates)
      changes.push({ item, price, quantity, taxRates });
  }
  return changes;
}

function prorationLine(
  core: Core,
  item: Stripe.SubscriptionItem,
  billed: { price: Stripe.Price; qty: number; taxRates: Stripe.TaxRate[] },
  at: number,
  sign: 1 | -1,
): InvoiceLineInput {
  const { price, qty } = billed;
  const start = item.current_period_start;
  const end = item.current_period_end;
  const t = Math.min(Math.max(at, start), end);
  const amount = sign * Math.round(((price.unit_amount ?? 0) * qty * (end - t)) / Math.max(1, end - start));
  const what = `${qty > 1 ? `${qty} × ` : ""}${productName(core, price)}`;
  return {
    amount,
    description: `${sign < 0 ? "Unused time on" : "Remaining time on"} ${what} after ${formatDay(t)}`,
    price,
    quantity: qty,
    period: { start: t, end },
    proration: true,
    subscriptionItem: item.id,
    invoiceItem: null,
    taxRates: billed.taxRates,
  };
}

function pendingInvoiceItem(
  core: Core,
  sub: Stripe.Subscription,
  line: InvoiceLineInput,
): Stripe.InvoiceItem {
  const ii: Stripe.InvoiceItem = {
    id: newId("ii"),
    object: "invoiceitem",
    amount: line.amount,
    currency: sub.currency,
    customer: sub.customer,
    customer_account: null,
    date: core.now(),
    description: line.description,
    discountable: false,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: {},
    net_amount: line.amount,
    parent: {
      type: "subscription_details",
      subscription_details: { subscription: sub.id, subscription_item: line.subscriptionItem ?? undefined },
    },
    period: line.period,
    pricing: line.price
      ? {
          type: "price_details",
          price_details: { price: line.price.id, product: String(line.price.product) },
          unit_amount_decimal: line.price.unit_amount_decimal,
        }
      : null,
    proration: true,
    proration_details: { credited_items: null, discount_amounts: [] },
    quantity: line.quantity,
    quantity_decimal: String(line.quantity) as unknown as Stripe.Decimal,
    tax_rates: structuredClone(line.taxRates),
    test_clock: null,
  };
  core.state.invoiceItems[ii.id] = ii;
  core.emit("invoiceitem.created", ii);
  return ii;
}

/** Pending (not yet invoiced) invoice items of a subscription, as invoice lines; marks them invoiced. */
export function takePendingItems(
  core: Core,
  sub: Stripe.Subscription,
  invoiceId: string,
): InvoiceLineInput[] {
  return pendingItems(core, sub, invoiceId);
}

/** The lines of the pending invoice items; with an invoice id, marks them invoiced by it. */
function pendingItems(core: Core, sub: Stripe.Subscription, invoiceId: string | null): InvoiceLineInput[] {
  const lines: InvoiceLineInput[] = [];
  for (const ii of Object.values(core.state.invoiceItems)) {
    if (ii.invoice !== null || ii.parent?.subscription_details?.subscription !== sub.id) continue;
    if (invoiceId) ii.invoice = invoiceId;
    const priceId = ii.pricing?.price_details?.price;
    lines.push({
      amount: ii.amount,
      description: ii.description ?? "",
      price: priceId ? (core.state.prices[typeof priceId === "string" ? priceId : priceId.id] ?? null) : null,
      quantity: ii.quantity,
      period: ii.period,
      proration: ii.proration,
      subscriptionItem: ii.parent?.subscription_details?.subscription_item ?? null,
      invoiceItem: ii.id,
      taxRates: structuredClone(ii.tax_rates ?? []),
    });
  }
  return lines;
}

const PRORATION_BEHAVIORS = ["create_prorations", "always_invoice", "none"] as const;
type TProrationBehavior = (typeof PRORATION_BEHAVIORS)[number];

/**
 * Applies item changes to `sub` (price, quantity, tax rates) and returns the
 * invoice lines they cause: a credit for the unused time at the old price and
 * a charge for the remaining time at the new one, from `prorationDate`
 * (per second, as Stripe does); an interval change resets the cycle and bills
 * the new interval in full at once.
 */
function changeItems(
  core: Core,
  sub: Stripe.Subscription,
  changes: ItemChange[],
  behavior: TProrationBehavior,
  prorationDate: number,
  oldRates: Map<string, Stripe.TaxRate[]>,
): { lines: InvoiceLineInput[]; invoiceNow: boolean } {
  const lines: InvoiceLineInput[] = [];
  let invoiceNow = behavior === "always_invoice";
  const now = core.now();
  for (const { item, price, quantity, taxRates } of changes) {
    // New rates apply from the next invoice on; a rate change alone creates no prorations (as in Stripe).
    if (taxRates !== undefined) item.tax_rates = taxRates;
    if (price.id === item.price.id && quantity === item.quantity) continue;
    const oldPrice = item.price;
    const oldQty = item.quantity ?? 1;
    const old = { price: oldPrice, qty: oldQty, taxRates: oldRates.get(item.id) ?? [] };
    const intervalChanged =
      oldPrice.recurring?.interval !== price.recurring?.interval ||
      oldPrice.recurring?.interval_count !== price.recurring?.interval_count;
    if (behavior !== "none") lines.push(prorationLine(core, item, old, prorationDate, -1));
    item.price = structuredClone(price);
    item.plan = planOf(price);
    item.quantity = quantity;
    if (intervalChanged && price.recurring) {
      // Stripe resets the billing cycle and invoices the new interval in full at once.
      for (const i of sub.items.data) {
        i.current_period_start = now;
        i.current_period_end = nextPeriodEnd(now, price.recurring, now);
      }
      sub.billing_cycle_anchor = now;
      if (sub.cancel_at_period_end) sub.cancel_at = periodEnd(sub);
      lines.push(itemLine(core, item));
      invoiceNow = true;
    } else if (behavior !== "none") {
      lines.push(
        prorationLine(
          core,
          item,
          { price, qty: quantity, taxRates: itemTaxRates(core, item) },
          prorationDate,
          1,
        ),
      );
    }
  }

  return { lines, invoiceNow };
}

export function updateSubscription(core: Core, sub: Stripe.Subscription, p: Params): void {
  const before = structuredClone(sub);
  const now = core.now();
  if (sub.status === "canceled") {
    const other = Object.keys(p.raw).filter(
      (k) => !["cancellation_details", "metadata", "expand"].includes(k),
    );
    if (other.length)
      throw invalidRequest("A canceled subscription can only update its cancellation_details and metadata.", {
        param: other[0] ?? "",
      });
  }
  const changes = readItemChanges(core, sub, p);
  const behavior = p.enumStr("proration_behavior", PRORATION_BEHAVIORS) ?? "create_prorations";
  const prorationDate = p.int("proration_date") ?? now;
  // Read and check every parameter before changing anything.
  const pmParam = p.has("default_payment_method")
    ? (p.emptyableStr("default_payment_method") ?? null)
    : undefined;
  if (pmParam && !core.state.paymentMethods[pmParam])
    throw resourceMissing("payment_method", pmParam, "default_payment_method");
  const metadata = p.metadata();
  const description = p.has("description") ? (p.emptyableStr("description") ?? null) : undefined;
  const defaultTaxRates = readTaxRates(
    core,
    p,
    "default_tax_rates",
    (sub.default_tax_rates ?? []).map((r) => r.id),
  );
  // Prorations credit the old amount at the rates it was billed with.
  const oldRates = new Map(changes.map((c) => [c.item.id, itemTaxRates(core, c.item)]));
  const cape = p.bool("cancel_at_period_end");
  const cancelAt = p.has("cancel_at")
    ? p.emptyableStr("cancel_at") === null
      ? null
      : (p.int("cancel_at") ?? null)
    : undefined;
  if (cancelAt && cancelAt <= now) throw invalidParam("cancel_at must be in the future.", "cancel_at");
  const probe = structuredClone(sub);
  readCancellationDetails(p, probe);

  if (pmParam !== undefined) sub.default_payment_method = pmParam;
  if (metadata !== undefined) sub.metadata = applyMetadata(sub.metadata, metadata);
  if (description !== undefined) sub.description = description;
  if (defaultTaxRates !== undefined) sub.default_tax_rates = defaultTaxRates;
  sub.cancellation_details = probe.cancellation_details;
  if (cape === true && !sub.cancel_at_period_end) {
    sub.cancel_at_period_end = true;
    sub.cancel_at = periodEnd(sub);
    sub.canceled_at = now;
  } else if (cape === false && (sub.cancel_at_period_end || sub.cancel_at !== null)) {
    sub.cancel_at_period_end = false;
    sub.cancel_at = null;
    sub.canceled_at = null;
  }
  if (cancelAt !== undefined) {
    sub.cancel_at = cancelAt;
    sub.cancel_at_period_end = cancelAt !== null && cancelAt === periodEnd(sub);
    sub.canceled_at = cancelAt === null ? null : now;
  }

  const { lines, invoiceNow } = changeItems(core, sub, changes, behavior, prorationDate, oldRates);

  let invoiceId: string | null = null;
  if (invoiceNow && lines.length) {
    invoiceId = newId("in");
    sub.latest_invoice = invoiceId;
  }
  const prev = diff(before as unknown as Record<string, unknown>, sub as unknown as Record<string, unknown>);
  if (Object.keys(prev).length) core.emit("customer.subscription.updated", sub, prev);
  if (invoiceId) {
    const pending = takePendingItems(core, sub, invoiceId);
    const pmId =
      typeof sub.default_payment_method === "string"
        ? sub.default_payment_method
        : (sub.default_payment_method?.id ?? null);
    createPaidInvoice(core, {
      id: invoiceId,
      customer: getCustomer(core, String(sub.customer)),
      currency: sub.currency,
      subscription: sub,
      billingReason: "subscription_update",
      lines: [...pending, ...lines],
      periodStart: now,
      periodEnd: now,
      paymentMethod: pmId ? (core.state.paymentMethods[pmId] ?? null) : null,
    });
  } else {
    for (const line of lines) pendingInvoiceItem(core, sub, line);
  }
  core.changed();
}

/**
 * The invoice a subscription update would create, for `POST /v1/invoices/create_preview` with
 * `subscription` and `subscription_details` (items, proration_behavior, proration_date): nothing
 * changes. With `always_invoice` it is the invoice billed at once (the pending items and the
 * prorations); otherwise the next renewal's (the pending items, the prorations and the next period).
 */
export function previewSubscriptionUpdate(
  core: Core,
  sub: Stripe.Subscription,
  details: Params | undefined,
): { lines: InvoiceLineInput[]; periodStart: number; periodEnd: number } {
  const now = core.now();
  if (sub.status === "canceled")
    throw invalidRequest("You cannot preview the upcoming invoice for a canceled subscription.", {
      param: "subscription",
    });
  const copy = structuredClone(sub);
  const d = details ?? new Params({}, "subscription_details");
  const changes = readItemChanges(core, copy, d);
  const behavior = d.enumStr("proration_behavior", PRORATION_BEHAVIORS) ?? "create_prorations";
  const prorationDate = d.int("proration_date") ?? now;
  const oldRates = new Map(changes.map((c) => [c.item.id, itemTaxRates(core, c.item)]));
  const { lines, invoiceNow } = changeItems(core, copy, changes, behavior, prorationDate, oldRates);
  const pending = pendingItems(core, copy, null);
  if (invoiceNow && lines.length) return { lines: [...pending, ...lines], periodStart: now, periodEnd: now };
  const end = periodEnd(copy);
  const next = copy.items.data.map((item) => {
    const line = itemLine(core, item);
    const recurring = item.price.recurring;
    line.period = { start: end, end: recurring ? nextPeriodEnd(end, recurring, end) : end };
    return line;
  });
  return {
    lines: [...pending, ...lines, ...next],
    periodStart: Math.min(...copy.items.data.map((i) => i.current_period_start)),
    periodEnd: end,
  };
}
