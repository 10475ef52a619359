// Customers: create, retrieve, update, delete, list (with `email`).
import type Stripe from "stripe";
import type { Core } from "../core";
import { resourceMissing } from "../errors";
import { expand } from "../expand";
import { newId } from "../ids";
import { createdFilter, paginate } from "../list";
import { applyMetadata, type Params } from "../params";
import type { Router } from "../router";
import { searchCustomers } from "./customer-search";
import { endSubscription } from "./subscriptions";

/** What Stripe answers for a deleted customer: on deletion and on every retrieve afterwards. */
export function deletedCustomer(id: string): Stripe.DeletedCustomer {
  return { id, object: "customer", deleted: true };
}

export function getCustomer(core: Core, id: string, param = "id"): Stripe.Customer {
  const c = core.state.customers[id];
  if (!c) throw resourceMissing("customer", id, param);
  return c;
}

function readAddress(p: Params, key: string): Stripe.Address | null | undefined {
  if (!p.has(key)) return undefined;
  if (p.raw[key] === "") return null;
  const a = p.obj(key);
  return {
    city: a?.str("city") ?? null,
    country: a?.str("country") ?? null,
    line1: a?.str("line1") ?? null,
    line2: a?.str("line2") ?? null,
    postal_code: a?.str("postal_code") ?? null,
    state: a?.str("state") ?? null,
  };
}

export function createCustomer(
  core: Core,
  fields: {
    email: string | null;
    name: string | null;
    metadata?: Record<string, string>;
    preferred_locales?: string[];
    address?: Stripe.Address | null;
  },
): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: newId("cus", 14),
    object: "customer",
    address: fields.address ?? null,
    balance: 0,
    created: core.now(),
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: fields.email,
    invoice_prefix: newId("x", 8).slice(2).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: fields.metadata ?? {},
    name: fields.name,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: fields.preferred_locales ?? [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
  core.state.customers[customer.id] = customer;
  core.emit("customer.created", customer);
  return customer;
}

export function registerCustomers(router: Router): void {
  router.post("/v1/customers", ({ core, params: p }) => {
    const address = readAddress(p, "address");
    const c = createCustomer(core, {
      email: p.email("email") || null,
      name: p.str("name") ?? null,
      metadata: applyMetadata({}, p.metadata()),
      preferred_locales: p.strArray("preferred_locales") ?? [],
      ...(address !== undefined ? { address } : {}),
    });
    if (p.has("description")) c.description = p.str("description") ?? null;
    if (p.has("phone")) c.phone = p.str("phone") ?? null;
    return expand(core, c, p.expand());
  });

  // Before `/v1/customers/:id`: the first route matching a path wins.
  router.get("/v1/customers/search", ({ core, params: p }) => searchCustomers(core, p));

  router.get("/v1/customers/:id", ({ core, params: p, path }) => {
    const id = path.id ?? "";
    const c = core.state.customers[id];
    // Stripe keeps a deleted customer retrievable as a stub.
    if (!c && core.state.deletedCustomers[id]) return deletedCustomer(id);
    if (!c) throw resourceMissing("customer", id);
    return expand(core, c, p.expand());
  });

  router.post("/v1/customers/:id", ({ core, params: p, path }) => {
    const c = getCustomer(core, path.id ?? "");
    const before = structuredClone(c);
    if (p.has("email")) c.email = p.email("email") || null;
    if (p.has("name")) c.name = p.emptyableStr("name") ?? null;
    if (p.has("description")) c.description = p.emptyableStr("description") ?? null;
    if (p.has("phone")) c.phone = p.emptyableStr("phone") ?? null;
    if (p.has("preferred_locales")) c.preferred_locales = p.strArray("preferred_locales") ?? [];
    const address = readAddress(p, "address");
    if (address !== undefined) c.address = address;
    if (p.has("metadata")) c.metadata = applyMetadata(c.metadata, p.metadata());
    const prev = diff(before as unknown as Record<string, unknown>, c as unknown as Record<string, unknown>);
    if (Object.keys(prev).length) core.emit("customer.updated", c, prev);
    core.changed();
    return expand(core, c, p.expand());
  });

  router.delete("/v1/customers/:id", ({ core, path }) => {
    const c = getCustomer(core, path.id ?? "");
    // Stripe cancels the customer's subscriptions at once when the customer is deleted.
    for (const sub of Object.values(core.state.subscriptions)) {
      if (sub.customer === c.id && sub.status !== "canceled" && sub.status !== "incomplete_expired")
        endSubscription(core, sub, core.now());
    }
    delete core.state.customers[c.id];
    core.state.deletedCustomers[c.id] = core.now();
    core.emit("customer.deleted", c);
    return deletedCustomer(c.id);
  });

  router.get("/v1/customers", ({ core, params: p }) => {
    const email = p.str("email");
    const created = createdFilter(p);
    const items = Object.values(core.state.customers).filter(
      (c) => (email === undefined || c.email === email) && created(c.created),
    );
    return paginate(core, items, p, "/v1/customers");
  });
}

/** `previous_attributes`: the old values of the top-level fields that changed. */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const prev: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) prev[key] = before[key] ?? null;
  }
  return prev;
}
