// Prices: create, retrieve, update, list (`product`, `active`, `lookup_keys`, `type`, `currency`).
import type Stripe from "stripe";
import type { Core } from "../core";
import { invalidParam, invalidRequest, missingParam, resourceMissing } from "../errors";
import { expand } from "../expand";
import { newId } from "../ids";
import { createdFilter, paginate } from "../list";
import { applyMetadata, type Params } from "../params";
import type { Router } from "../router";
import { diff } from "./customers";
import { createProduct, getProduct } from "./products";

export type PriceFields = {
  product?: string;
  currency: string;
  unit_amount: number;
  recurring: { interval: Stripe.Price.Recurring.Interval; interval_count: number } | null;
  lookup_key?: string | null;
  nickname?: string | null;
  tax_behavior?: Stripe.Price.TaxBehavior;
  metadata?: Record<string, string>;
  active?: boolean;
};

const INTERVALS = ["day", "week", "month", "year"] as const;

export function readPriceFields(p: Params): PriceFields {
  const currency = p.reqStr("currency").toLowerCase();
  let unitAmount = p.posInt("unit_amount", true);
  if (unitAmount === undefined && p.has("unit_amount_decimal")) {
    const dec = Number(p.str("unit_amount_decimal"));
    if (!Number.isInteger(dec) || dec < 0)
      throw invalidParam(
        "The emulator only supports whole unit_amount_decimal values.",
        p.name("unit_amount_decimal"),
      );
    unitAmount = dec;
  }
  if (unitAmount === undefined) throw missingParam(p.name("unit_amount"));
  const rec = p.obj("recurring");
  let recurring: PriceFields["recurring"] = null;
  if (rec && rec.has("interval")) {
    const interval = rec.enumStr("interval", INTERVALS) ?? "month";
    const count = rec.posInt("interval_count") ?? 1;
    const maxCount = { day: 1095, week: 156, month: 36, year: 3 }[interval];
    if (count > maxCount)
      throw invalidParam(
        "Invalid recurring[interval_count]: the maximum billing period is three years.",
        rec.name("interval_count"),
      );
    recurring = { interval, interval_count: count };
  } else if (rec) {
    throw missingParam(rec.name("interval"));
  }
  const taxBehavior = p.enumStr("tax_behavior", ["exclusive", "inclusive", "unspecified"] as const);
  return {
    currency,
    unit_amount: unitAmount,
    recurring,
    ...(p.has("lookup_key") ? { lookup_key: p.str("lookup_key") ?? null } : {}),
    ...(p.has("nickname") ? { nickname: p.str("nickname") ?? null } : {}),
    ...(taxBehavior ? { tax_behavior: taxBehavior } : {}),
    metadata: applyMetadata({}, p.metadata()),
    active: p.bool("active") ?? true,
  };
}

export function getPrice(core: Core, id: string, param = "id"): Stripe.Price {
  const price = core.state.prices[id];
  if (!price) throw resourceMissing("price", id, param);
  return price;
}

function claimLookupKey(core: Core, key: string, transfer: boolean, selfId: string | null): void {
  const holder = Object.values(core.state.prices).find((x) => x.lookup_key === key && x.id !== selfId);
  if (!holder) return;
  if (!transfer) {
    throw invalidRequest(`A price (\`${holder.id}\`) already uses that lookup key.`, { param: "lookup_key" });
  }
  holder.lookup_key = null;
}

export function createPrice(core: Core, f: PriceFields, transferLookupKey = false): Stripe.Price {
  if (!f.product) throw missingParam("product");
  if (f.lookup_key) claimLookupKey(core, f.lookup_key, transferLookupKey, null);
  return storePrice(core, buildPrice(core, { ...f, product: f.product }));
}

export function storePrice(core: Core, price: Stripe.Price): Stripe.Price {
  core.state.prices[price.id] = price;
  core.emit("price.created", price);
  return price;
}

/** A Price object, not stored yet (Checkout's `price_data` stores it only once the session is valid). */
export function buildPrice(core: Core, f: PriceFields & { product: string }): Stripe.Price {
  const price: Stripe.Price = {
    id: newId("price"),
    object: "price",
    active: f.active ?? true,
    billing_scheme: "per_unit",
    created: core.now(),
    currency: f.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: f.lookup_key ?? null,
    metadata: f.metadata ?? {},
    nickname: f.nickname ?? null,
    product: f.product,
    recurring: f.recurring
      ? {
          interval: f.recurring.interval,
          interval_count: f.recurring.interval_count,
          meter: null,
          trial_period_days: null,
          usage_type: "licensed",
        }
      : null,
    tax_behavior: f.tax_behavior ?? "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: f.recurring ? "recurring" : "one_time",
    unit_amount: f.unit_amount,
    unit_amount_decimal: String(f.unit_amount) as unknown as Stripe.Decimal,
  };
  return price;
}

export function registerPrices(router: Router): void {
  router.post("/v1/prices", ({ core, params: p }) => {
    const fields = readPriceFields(p);
    let product = p.str("product");
    const productData = p.obj("product_data");
    if (product) getProduct(core, product, "product");
    else if (productData)
      product = createProduct(core, {
        name: productData.reqStr("name"),
        metadata: applyMetadata({}, productData.metadata()),
      }).id;
    else throw missingParam("product");
    const price = createPrice(core, { ...fields, product }, p.bool("transfer_lookup_key") ?? false);
    return expand(core, price, p.expand());
  });

  router.get("/v1/prices/:id", ({ core, params: p, path }) =>
    expand(core, getPrice(core, path.id ?? ""), p.expand()),
  );

  router.post("/v1/prices/:id", ({ core, params: p, path }) => {
    const price = getPrice(core, path.id ?? "");
    const before = structuredClone(price);
    if (p.has("active")) price.active = p.bool("active") ?? price.active;
    if (p.has("nickname")) price.nickname = p.emptyableStr("nickname") ?? null;
    if (p.has("metadata")) price.metadata = applyMetadata(price.metadata, p.metadata());
    if (p.has("lookup_key")) {
      const key = p.emptyableStr("lookup_key") ?? null;
      if (key) claimLookupKey(core, key, p.bool("transfer_lookup_key") ?? false, price.id);
      price.lookup_key = key;
    }
    const tb = p.enumStr("tax_behavior", ["exclusive", "inclusive", "unspecified"] as const);
    if (tb && tb !== price.tax_behavior) {
      if (price.tax_behavior !== "unspecified")
        throw invalidRequest(
          "You cannot change `tax_behavior` once it has been set to `inclusive` or `exclusive`.",
          { param: "tax_behavior" },
        );
      price.tax_behavior = tb;
    }
    const prev = diff(
      before as unknown as Record<string, unknown>,
      price as unknown as Record<string, unknown>,
    );
    if (Object.keys(prev).length) core.emit("price.updated", price, prev);
    core.changed();
    return expand(core, price, p.expand());
  });

  router.get("/v1/prices", ({ core, params: p }) => {
    const product = p.str("product");
    const active = p.bool("active");
    const type = p.enumStr("type", ["one_time", "recurring"] as const);
    const currency = p.str("currency")?.toLowerCase();
    const lookupKeys = p.strArray("lookup_keys");
    const interval = p.obj("recurring")?.enumStr("interval", INTERVALS);
    const created = createdFilter(p);
    const items = Object.values(core.state.prices).filter(
      (x) =>
        (product === undefined || x.product === product) &&
        (active === undefined || x.active === active) &&
        (type === undefined || x.type === type) &&
        (currency === undefined || x.currency === currency) &&
        (!lookupKeys || (x.lookup_key !== null && lookupKeys.includes(x.lookup_key))) &&
        (interval === undefined || x.recurring?.interval === interval) &&
        created(x.created),
    );
    return paginate(core, items, p, "/v1/prices");
  });
}
