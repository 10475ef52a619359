// Products: create, retrieve, update, delete, list (`active`, `ids`).
import type Stripe from "stripe";
import type { Core } from "../core";
import { invalidRequest, resourceMissing } from "../errors";
import { expand } from "../expand";
import { newId } from "../ids";
import { createdFilter, paginate } from "../list";
import { applyMetadata } from "../params";
import type { Router } from "../router";
import { diff } from "./customers";
import { createPrice, readPriceFields } from "./prices";

export function getProduct(core: Core, id: string, param = "id"): Stripe.Product {
  const p = core.state.products[id];
  if (!p) throw resourceMissing("product", id, param);
  return p;
}

export function createProduct(
  core: Core,
  fields: {
    id?: string;
    name: string;
    description?: string | null;
    active?: boolean;
    metadata?: Record<string, string>;
  },
): Stripe.Product {
  const now = core.now();
  const id = fields.id ?? newId("prod", 14);
  if (core.state.products[id])
    throw invalidRequest(`Product already exists.`, { param: "id", code: "resource_already_exists" });
  const product: Stripe.Product = {
    id,
    object: "product",
    active: fields.active ?? true,
    created: now,
    default_price: null,
    description: fields.description ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: fields.metadata ?? {},
    name: fields.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: null,
    updated: now,
    url: null,
  };
  core.state.products[id] = product;
  core.emit("product.created", product);
  return product;
}

export function registerProducts(router: Router): void {
  router.post("/v1/products", ({ core, params: p }) => {
    const name = p.reqStr("name");
    const product = createProduct(core, {
      ...(p.str("id") ? { id: p.str("id") } : {}),
      name,
      description: p.str("description") ?? null,
      active: p.bool("active") ?? true,
      metadata: applyMetadata({}, p.metadata()),
    });
    if (p.has("url")) product.url = p.str("url") ?? null;
    if (p.has("unit_label")) product.unit_label = p.str("unit_label") ?? null;
    if (p.has("tax_code")) product.tax_code = p.str("tax_code") ?? null;
    const dpd = p.obj("default_price_data");
    if (dpd) {
      const price = createPrice(core, { ...readPriceFields(dpd), product: product.id });
      product.default_price = price.id;
    }
    return expand(core, product, p.expand());
  });

  router.get("/v1/products/:id", ({ core, params: p, path }) =>
    expand(core, getProduct(core, path.id ?? ""), p.expand()),
  );

  router.post("/v1/products/:id", ({ core, params: p, path }) => {
    const product = getProduct(core, path.id ?? "");
    const before = structuredClone(product);
    if (p.has("name")) product.name = p.reqStr("name");
    if (p.has("description")) product.description = p.emptyableStr("description") ?? null;
    if (p.has("active")) product.active = p.bool("active") ?? product.active;
    if (p.has("url")) product.url = p.emptyableStr("url") ?? null;
    if (p.has("unit_label")) product.unit_label = p.emptyableStr("unit_label") ?? null;
    if (p.has("metadata")) product.metadata = applyMetadata(product.metadata, p.metadata());
    if (p.has("default_price")) {
      const priceId = p.emptyableStr("default_price");
      if (priceId) {
        const price = core.state.prices[priceId];
        if (!price || price.product !== product.id) throw resourceMissing("price", priceId, "default_price");
      }
      product.default_price = priceId ?? null;
    }
    const prev = diff(
      before as unknown as Record<string, unknown>,
      product as unknown as Record<string, unknown>,
    );
    if (Object.keys(prev).length) {
      product.updated = core.now();
      core.emit("product.updated", product, prev);
    }
    core.changed();
    return expand(core, product, p.expand());
  });

  router.delete("/v1/products/:id", ({ core, path }) => {
    const product = getProduct(core, path.id ?? "");
    if (Object.values(core.state.prices).some((pr) => pr.product === product.id)) {
      throw invalidRequest("This product cannot be deleted because it has one or more user-created prices.", {
        code: "product_has_prices",
      });
    }
    delete core.state.products[product.id];
    core.emit("product.deleted", product);
    return { id: product.id, object: "product", deleted: true };
  });

  router.get("/v1/products", ({ core, params: p }) => {
    const active = p.bool("active");
    const ids = p.strArray("ids");
    const created = createdFilter(p);
    const items = Object.values(core.state.products).filter(
      (x) =>
        (active === undefined || x.active === active) && (!ids || ids.includes(x.id)) && created(x.created),
    );
    return paginate(core, items, p, "/v1/products");
  });
}
