// Subscriptions: created by checkout; retrieve, list, update (see subscription-update.ts), cancel.
import type Stripe from "stripe";
import { formatDay, nextPeriodEnd } from "../billing-period";
import type { Core } from "../core";
import { invalidParam, invalidRequest, resourceMissing } from "../errors";
import { expand } from "../expand";
import { newId } from "../ids";
import { createdFilter, paginate } from "../list";
import { formatAmount } from "../money";
import type { Params } from "../params";
import type { Router } from "../router";
import { diff } from "./customers";
import { createPaidInvoice, type InvoiceLineInput } from "./invoices";
import { updateSubscription } from "./subscription-update";

export const FEEDBACK = [
  "customer_service",
  "low_quality",
  "missing_features",
  "other",
  "switched_service",
  "too_complex",
  "too_expensive",
  "unused",
] as const;

export function planOf(price: Stripe.Price): Stripe.Plan {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: typeof price.product === "string" ? price.product : price.product.id,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

export function productName(core: Core, price: Stripe.Price): string {
  const id = typeof price.product === "string" ? price.product : price.product.id;
  return core.state.products[id]?.name ?? id;
}

/** The rates an item is taxed at: its own, else the subscription's `default_tax_rates`. */
export function itemTaxRates(core: Core, item: Stripe.SubscriptionItem): Stripe.TaxRate[] {
  const own = item.tax_rates ?? [];
  return structuredClone(
    own.length ? own : (core.state.subscriptions[item.subscription]?.default_tax_rates ?? []),
  );
}

export function itemLine(core: Core, item: Stripe.SubscriptionItem): InvoiceLineInput {
  const price = item.price;
  const qty = item.quantity ?? 1;
  const every = price.recurring
    ? price.recurring.interval_count > 1
      ? `every ${price.recurring.interval_count} ${price.recurring.interval}s`
      : price.recurring.interval
    : "";
  return {
    amount: (price.unit_amount ?? 0) * qty,
    description: `${qty} × ${productName(core, price)} (at ${formatAmount(price.unit_amount ?? 0, price.currency)} / ${every})`,
    price,
    quantity: qty,
    period: { start: item.current_period_start, end: item.current_period_end },
    proration: false,
    subscriptionItem: item.id,
    invoiceItem: null,
    taxRates: itemTaxRates(core, item),
  };
}

export function newItem(
  core: Core,
  subId: string,
  item: { price: Stripe.Price; quantity: number; taxRates?: Stripe.TaxRate[] },
  start: number,
  end: number,
): Stripe.SubscriptionItem {
  const { price, quantity } = item;
  return {
    id: newId("si", 14),
    object: "subscription_item",
    billing_thresholds: null,
    created: core.now(),
    current_period_end: end,
    current_period_start: start,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planOf(price),
    price: structuredClone(price),
    quantity,
    subscription: subId,
    tax_rates: structuredClone(item.taxRates ?? []),
  };
}

export function createSubscription(
  core: Core,
  req: {
    customer: Stripe.Customer;
    items: { price: Stripe.Price; quantity: number; taxRates?: Stripe.TaxRate[] }[];
    metadata: Record<string, string>;
    description?: string | null;
    /** Rates for items without their own `tax_rates`. */
    defaultTaxRates?: Stripe.TaxRate[];
    paymentMethod: Stripe.PaymentMethod;
    /** One-time prices bought with the subscription: billed on its first invoice only. */
    extraLines?: InvoiceLineInput[];
  },
): { subscription: Stripe.Subscription; invoice: Stripe.Invoice } {
  const now = core.now();
  const first = req.items[0];
  if (!first?.price.recurring) throw invalidRequest("A subscription needs at least one recurring price.");
  const end = nextPeriodEnd(now, first.price.recurring, now);
  const id = newId("sub");
  const invoiceId = newId("in");
  const sub: Stripe.Subscription = {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: now,
    currency: first.price.currency,
    customer: req.customer.id,
    customer_account: null,
    days_until_due: null,
    default_payment_method: req.paymentMethod.id,
    default_source: null,
    default_tax_rates: structuredClone(req.defaultTaxRates ?? []),
    description: req.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: "self" },
    },
    items: {
      object: "list",
      data: req.items.map((i) => newItem(core, id, i, now, end)),
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: invoiceId,
    livemode: false,
    managed_payments: null,
    metadata: req.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: "off",
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: "active",
    test_clock: null,
    transfer_data: null,
    trial_end: null,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" },
    },
    trial_start: null,
  };
  core.state.subscriptions[id] = sub;
  core.emit("customer.subscription.created", sub);
  const invoice = createPaidInvoice(core, {
    id: invoiceId,
    customer: req.customer,
    currency: sub.currency,
    subscription: sub,
    billingReason: "subscription_create",
    lines: [...sub.items.data.map((i) => itemLine(core, i)), ...(req.extraLines ?? [])],
    periodStart: now,
    periodEnd: now,
    paymentMethod: req.paymentMethod,
  });
  return { subscription: sub, invoice };
}

export function getSubscription(core: Core, id: string, param = "id"): Stripe.Subscription {
  const s = core.state.subscriptions[id];
  if (!s) throw resourceMissing("subscription", id, param);
  return s;
}

export function readCancellationDetails(p: Params, sub: Stripe.Subscription): void {
  const cd = p.obj("cancellation_details");
  if (!cd) return;
  const current = sub.cancellation_details ?? {
    comment: null,
    feedback: null,
    feedback_option: null,
    reason: null,
  };
  if (cd.has("comment")) current.comment = cd.emptyableStr("comment") ?? null;
  if (cd.has("feedback")) {
    current.feedback = cd.str("feedback") === "" ? null : (cd.enumStr("feedback", FEEDBACK) ?? null);
  }
  sub.cancellation_details = current;
}

/** Ends a subscription now (or at `at`), emitting customer.subscription.deleted. */
export function endSubscription(
  core: Core,
  sub: Stripe.Subscription,
  at: number,
  previous?: Stripe.Subscription,
  reason: "cancellation_requested" | "payment_failed" = "cancellation_requested",
): void {
  const before = previous ?? structuredClone(sub);
  sub.status = "canceled";
  sub.ended_at = at;
  sub.canceled_at = sub.canceled_at ?? at;
  sub.cancel_at_period_end = false;
  sub.cancellation_details = {
    ...(sub.cancellation_details ?? { comment: null, feedback: null, feedback_option: null }),
    reason,
  };
  const prev = diff(before as unknown as Record<string, unknown>, sub as unknown as Record<string, unknown>);
  core.emit("customer.subscription.deleted", sub, prev);
  core.changed();
}

export function registerSubscriptions(router: Router): void {
  router.get("/v1/subscriptions/:id", ({ core, params: p, path }) =>
    expand(core, getSubscription(core, path.id ?? ""), p.expand()),
  );

  router.get("/v1/subscriptions", ({ core, params: p }) => {
    const customer = p.str("customer");
    const status = p.str("status");
    const price = p.str("price");
    const created = createdFilter(p);
    const items = Object.values(core.state.subscriptions).filter(
      (s) =>
        (customer === undefined || s.customer === customer) &&
        (status === "all" || (status === undefined ? s.status !== "canceled" : s.status === status)) &&
        (price === undefined || s.items.data.some((i) => i.price.id === price)) &&
        created(s.created),
    );
    return paginate(core, items, p, "/v1/subscriptions");
  });

  router.post("/v1/subscriptions/:id", ({ core, params: p, path }) => {
    const sub = getSubscription(core, path.id ?? "");
    updateSubscription(core, sub, p);
    return expand(core, sub, p.expand());
  });

  router.delete("/v1/subscriptions/:id", ({ core, params: p, path }) => {
    const sub = getSubscription(core, path.id ?? "");
    if (sub.status === "canceled") {
      throw invalidRequest(
        `This subscription has already been canceled (${formatDay(sub.ended_at ?? sub.canceled_at ?? core.now())}).`,
        {
          code: "resource_missing",
        },
      );
    }
    // Stripe's defaults (no final invoice, no proration credit) are all the emulator does.
    for (const key of ["invoice_now", "prorate"])
      if (p.bool(key))
        throw invalidParam(
          `The emulator does not support \`${key}=true\` when canceling a subscription.`,
          key,
        );
    const before = structuredClone(sub);
    readCancellationDetails(p, sub);
    sub.canceled_at = core.now();
    endSubscription(core, sub, core.now(), before);
    return expand(core, sub, p.expand());
  });
}
