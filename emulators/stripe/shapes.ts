// The parameters each endpoint accepts, as Stripe declares them per endpoint: anything else is refused
// with 400 `parameter_unknown` ("Received unknown parameter: <name>") before the endpoint runs.
// A name here means the emulator reads it; a Stripe parameter the emulator does not implement is left out
// on purpose, so a request relying on it fails instead of being silently ignored.
import { invalidParam } from "./errors";
import type { FormObject, FormValue } from "./form-body";

/** `S` a scalar (its type is checked by the endpoint), `[x]` a list of x, `{...}` a hash, `META` metadata. */
export const S = "scalar";
export const META = "metadata";
export type Shape = typeof S | typeof META | readonly [Shape] | { readonly [key: string]: Shape };

const ids = [S] as const;
const created = { gt: S, gte: S, lt: S, lte: S } as const;
/** Every list: Stripe's cursor pagination and the `created` filter where the list has it. */
const list = { limit: S, starting_after: S, ending_before: S } as const;
const address = { city: S, country: S, line1: S, line2: S, postal_code: S, state: S } as const;
const recurring = { interval: S, interval_count: S } as const;
const priceFields = {
  currency: S,
  unit_amount: S,
  unit_amount_decimal: S,
  recurring,
  tax_behavior: S,
  lookup_key: S,
  nickname: S,
  active: S,
  metadata: META,
} as const;
/** `price_data` on a Checkout line item (Stripe: currency, product or product_data, unit_amount, recurring). */
const linePriceData = {
  currency: S,
  product: S,
  product_data: { name: S, description: S, metadata: META, tax_code: S },
  unit_amount: S,
  unit_amount_decimal: S,
  recurring,
  tax_behavior: S,
} as const;
const itemChanges = [{ id: S, price: S, quantity: S, deleted: S, tax_rates: ids }] as const;
const cancellationDetails = { comment: S, feedback: S } as const;
const taxRateFields = {
  display_name: S,
  percentage: S,
  inclusive: S,
  active: S,
  country: S,
  state: S,
  jurisdiction: S,
  description: S,
  tax_type: S,
  metadata: META,
} as const;
const sessionCreate = {
  mode: S,
  ui_mode: S,
  line_items: [{ price: S, price_data: linePriceData, quantity: S, tax_rates: ids }],
  customer: S,
  customer_email: S,
  customer_creation: S,
  client_reference_id: S,
  success_url: S,
  cancel_url: S,
  expires_at: S,
  locale: S,
  metadata: META,
  currency: S,
  payment_method_types: ids,
  allowed_payment_method_types: ids,
  payment_method_options: {
    customer_balance: { funding_type: S, bank_transfer: { type: S, eu_bank_transfer: { country: S } } },
  },
  payment_intent_data: { metadata: META, description: S },
  subscription_data: { metadata: META, description: S, default_tax_rates: ids },
  setup_intent_data: { metadata: META, description: S },
  invoice_creation: { enabled: S },
  automatic_tax: { enabled: S },
  allow_promotion_codes: S,
  billing_address_collection: S,
} as const;

/** Route pattern (as registered in the router) → accepted parameters, besides `expand[]` which all take. */
export const SHAPES: Readonly<Record<string, Record<string, Shape>>> = {
  "POST /v1/customers": {
    email: S,
    name: S,
    description: S,
    phone: S,
    preferred_locales: ids,
    address,
    metadata: META,
  },
  "GET /v1/customers/search": { query: S, limit: S, page: S },
  "GET /v1/customers/:id": {},
  "POST /v1/customers/:id": {
    email: S,
    name: S,
    description: S,
    phone: S,
    preferred_locales: ids,
    address,
    metadata: META,
  },
  "DELETE /v1/customers/:id": {},
  "GET /v1/customers": { ...list, email: S, created },
  "POST /v1/customers/:id/tax_ids": { type: S, value: S },
  "GET /v1/customers/:id/tax_ids/:taxId": {},
  "GET /v1/customers/:id/tax_ids": { ...list },
  "DELETE /v1/customers/:id/tax_ids/:taxId": {},
  "POST /v1/products": {
    id: S,
    name: S,
    description: S,
    active: S,
    url: S,
    unit_label: S,
    tax_code: S,
    metadata: META,
    default_price_data: { currency: S, unit_amount: S, unit_amount_decimal: S, recurring, tax_behavior: S },
  },
  "GET /v1/products/:id": {},
  "POST /v1/products/:id": {
    name: S,
    description: S,
    active: S,
    url: S,
    unit_label: S,
    metadata: META,
    default_price: S,
  },
  "DELETE /v1/products/:id": {},
  "GET /v1/products": { ...list, active: S, ids, created },
  "POST /v1/prices": {
    ...priceFields,
    product: S,
    product_data: { name: S, metadata: META },
    transfer_lookup_key: S,
  },
  "GET /v1/prices/:id": {},
  "POST /v1/prices/:id": {
    active: S,
    nickname: S,
    metadata: META,
    lookup_key: S,
    transfer_lookup_key: S,
    tax_behavior: S,
  },
  "GET /v1/prices": {
    ...list,
    product: S,
    active: S,
    type: S,
    currency: S,
    lookup_keys: ids,
    recurring: { interval: S },
    created,
  },
  "POST /v1/tax_rates": taxRateFields,
  "GET /v1/tax_rates/:id": {},
  "POST /v1/tax_rates/:id": taxRateFields,
  "GET /v1/tax_rates": { ...list, active: S, inclusive: S, created },
  "POST /v1/checkout/sessions": sessionCreate,
  "GET /v1/checkout/sessions/:id": {},
  "GET /v1/checkout/sessions/:id/line_items": { ...list },
  "POST /v1/checkout/sessions/:id/expire": {},
  "GET /v1/checkout/sessions": {
    ...list,
    payment_intent: S,
    subscription: S,
    customer: S,
    status: S,
    created,
  },
  "GET /v1/payment_intents/:id": {},
  "GET /v1/payment_intents": { ...list, customer: S, created },
  "POST /v1/payment_intents/:id/cancel": { cancellation_reason: S },
  "POST /v1/test_helpers/customers/:id/fund_cash_balance": { amount: S, currency: S, reference: S },
  "GET /v1/charges/:id": {},
  "GET /v1/charges": { ...list, customer: S, payment_intent: S, created },
  "GET /v1/payment_methods/:id": {},
  "POST /v1/refunds": { payment_intent: S, charge: S, amount: S, reason: S, metadata: META },
  "GET /v1/refunds/:id": {},
  "POST /v1/refunds/:id": { metadata: META },
  "GET /v1/refunds": { ...list, payment_intent: S, charge: S, created },
  "GET /v1/charges/:id/refunds": { ...list },
  "GET /v1/subscriptions/:id": {},
  "GET /v1/subscriptions": { ...list, customer: S, status: S, price: S, created },
  "POST /v1/subscriptions/:id": {
    items: itemChanges,
    proration_behavior: S,
    proration_date: S,
    default_payment_method: S,
    default_tax_rates: ids,
    description: S,
    metadata: META,
    cancel_at_period_end: S,
    cancel_at: S,
    cancellation_details: cancellationDetails,
  },
  "DELETE /v1/subscriptions/:id": { cancellation_details: cancellationDetails, invoice_now: S, prorate: S },
  "POST /v1/invoices/create_preview": {
    subscription: S,
    customer: S,
    subscription_details: { items: itemChanges, proration_behavior: S, proration_date: S },
  },
  "GET /v1/invoices/:id": {},
  "GET /v1/invoices/:id/lines": { ...list },
  "GET /v1/invoices": { ...list, customer: S, subscription: S, status: S, created },
  "GET /v1/invoice_payments/:id": {},
  "GET /v1/invoice_payments": { ...list, invoice: S },
  "GET /v1/setup_intents/:id": {},
  "GET /v1/disputes/:id": {},
  "GET /v1/disputes": { ...list, charge: S, payment_intent: S, created },
  "GET /v1/events/:id": {},
  "GET /v1/events": { ...list, type: S, types: ids, created },
};

function unknownIn(value: FormValue, shape: Shape, name: string): string | null {
  if (shape === S || shape === META || typeof value === "string") return null; // types: the endpoint's job
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return null;
    const element = (shape as readonly [Shape])[0];
    for (let i = 0; i < value.length; i++) {
      const hit = unknownIn(value[i] as FormValue, element, `${name}[${i}]`);
      if (hit) return hit;
    }
    return null;
  }
  if (Array.isArray(value)) return null;
  return unknownKey(value, shape as Record<string, Shape>, name);
}

function unknownKey(raw: FormObject, shape: Readonly<Record<string, Shape>>, prefix: string): string | null {
  for (const [key, value] of Object.entries(raw)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    const inner = Object.prototype.hasOwnProperty.call(shape, key) ? shape[key] : undefined;
    if (inner === undefined) return name;
    const hit = unknownIn(value, inner, name);
    if (hit) return hit;
  }
  return null;
}

/** Throws Stripe's `parameter_unknown` for the first parameter the route does not declare. */
export function checkParams(route: string, raw: FormObject): void {
  const shape = SHAPES[route];
  if (!shape) throw new Error(`the emulator's route ${route} declares no parameters (shapes.ts)`);
  const hit = unknownKey(raw, { ...shape, expand: [S] }, "");
  if (hit) throw invalidParam(`Received unknown parameter: ${hit}`, hit, "parameter_unknown");
}
