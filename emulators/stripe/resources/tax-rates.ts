// Tax Rates: create, retrieve, update, list; lookup of `tax_rates[]` parameters used by other resources.
import type Stripe from "stripe";
import type { Core } from "../core";
import { invalidParam, invalidRequest, missingParam, resourceMissing } from "../errors";
import { expand } from "../expand";
import { newId } from "../ids";
import { createdFilter, paginate } from "../list";
import { applyMetadata, type Params } from "../params";
import type { Router } from "../router";
import { diff } from "./customers";

const MAX_RATES = 5;

export function getTaxRate(core: Core, id: string, param = "id"): Stripe.TaxRate {
  const rate = core.state.taxRates[id];
  if (!rate) throw resourceMissing("tax rate", id, param);
  return rate;
}

/**
 * Reads a `tax_rates[]` parameter: undefined when absent, [] when emptied (`tax_rates=`). New uses of
 * an archived rate are refused, as Stripe does; rates in `keep` (already applied) stay allowed.
 */
export function readTaxRates(
  core: Core,
  p: Params,
  key: string,
  keep: readonly string[] = [],
): Stripe.TaxRate[] | undefined {
  const ids = p.strArray(key);
  if (ids === undefined) return undefined;
  if (ids.length > MAX_RATES)
    throw invalidParam(`You can only apply up to ${MAX_RATES} tax rates.`, p.name(key));
  if (new Set(ids).size !== ids.length)
    throw invalidParam("The same tax rate cannot be applied more than once.", p.name(key));
  return ids.map((id, i) => {
    const rate = getTaxRate(core, id, `${p.name(key)}[${i}]`);
    if (!rate.active && !keep.includes(id)) {
      throw invalidRequest(`The tax rate \`${id}\` is archived (active: false) and cannot be applied.`, {
        param: `${p.name(key)}[${i}]`,
      });
    }
    return structuredClone(rate);
  });
}

/** The rates with these ids, as they are now (unknown ids are skipped). */
export function ratesByIds(core: Core, ids: readonly string[] | undefined): Stripe.TaxRate[] {
  return (ids ?? []).flatMap((id) => {
    const rate = core.state.taxRates[id];
    return rate ? [structuredClone(rate)] : [];
  });
}

function readPercentage(p: Params): number {
  const raw = p.str("percentage");
  if (raw === undefined || raw === "") throw missingParam("percentage");
  if (!/^\d+(\.\d+)?$/.test(raw))
    throw invalidParam(`Invalid decimal: ${raw}`, "percentage", "parameter_invalid_decimal");
  if ((raw.split(".")[1] ?? "").length > 4)
    throw invalidParam("Percentage can have at most 4 decimal places.", "percentage");
  const value = Number(raw);
  if (value > 100) throw invalidParam("Percentage must be between 0 and 100.", "percentage");
  return value;
}

function shortText(p: Params, key: string, max: number): string | null | undefined {
  if (!p.has(key)) return undefined;
  const v = p.emptyableStr(key) ?? null;
  if (v !== null && v.length > max) throw invalidParam(`${key} must be at most ${max} characters.`, key);
  return v;
}

function createTaxRate(core: Core, p: Params): Stripe.TaxRate {
  const displayName = p.reqStr("display_name");
  if (displayName.length > 50)
    throw invalidParam("display_name must be at most 50 characters.", "display_name");
  const percentage = readPercentage(p);
  const inclusive = p.bool("inclusive");
  if (inclusive === undefined) throw missingParam("inclusive");
  const rate: Stripe.TaxRate = {
    id: newId("txr"),
    object: "tax_rate",
    active: p.bool("active") ?? true,
    country: shortText(p, "country", 2)?.toUpperCase() ?? null,
    created: core.now(),
    description: shortText(p, "description", 5000) ?? null,
    display_name: displayName,
    effective_percentage: percentage,
    flat_amount: null,
    inclusive,
    jurisdiction: shortText(p, "jurisdiction", 50) ?? null,
    jurisdiction_level: null,
    livemode: false,
    metadata: applyMetadata({}, p.metadata()),
    percentage,
    rate_type: "percentage",
    state: shortText(p, "state", 2) ?? null,
    tax_type: (shortText(p, "tax_type", 50) as Stripe.TaxRate.TaxType | null | undefined) ?? null,
  };
  core.state.taxRates[rate.id] = rate;
  core.emit("tax_rate.created", rate);
  return rate;
}

/** Copies an updated rate onto the objects that show it (subscription items, invoice items, line taxes). */
function propagate(core: Core, rate: Stripe.TaxRate): void {
  const swap = (list: Stripe.TaxRate[] | null | undefined) => {
    if (!list) return;
    for (let i = 0; i < list.length; i++) if (list[i]?.id === rate.id) list[i] = structuredClone(rate);
  };
  for (const sub of Object.values(core.state.subscriptions)) {
    swap(sub.default_tax_rates);
    for (const item of sub.items.data) swap(item.tax_rates);
  }
  for (const ii of Object.values(core.state.invoiceItems)) swap(ii.tax_rates);
  for (const taxes of Object.values(core.state.lineItemTaxes)) {
    for (const t of taxes) if (t.rate.id === rate.id) t.rate = structuredClone(rate);
  }
}

function updateTaxRate(core: Core, rate: Stripe.TaxRate, p: Params): void {
  for (const fixed of ["percentage", "inclusive"]) {
    if (p.has(fixed))
      throw invalidParam(
        `Received unknown parameter: ${fixed}. A tax rate's ${fixed} cannot change; create a new tax rate.`,
        fixed,
        "parameter_unknown",
      );
  }
  // Read and check every parameter before changing anything.
  const active = p.bool("active");
  const name = p.has("display_name") ? p.reqStr("display_name") : undefined;
  if (name !== undefined && name.length > 50)
    throw invalidParam("display_name must be at most 50 characters.", "display_name");
  const country = shortText(p, "country", 2);
  const description = shortText(p, "description", 5000);
  const jurisdiction = shortText(p, "jurisdiction", 50);
  const state = shortText(p, "state", 2);
  const taxType = shortText(p, "tax_type", 50);
  const metadata = p.metadata();
  const before = structuredClone(rate);
  if (active !== undefined) rate.active = active;
  if (name !== undefined) rate.display_name = name;
  if (country !== undefined) rate.country = country?.toUpperCase() ?? null;
  if (description !== undefined) rate.description = description;
  if (jurisdiction !== undefined) rate.jurisdiction = jurisdiction;
  if (state !== undefined) rate.state = state;
  if (taxType !== undefined) rate.tax_type = taxType as Stripe.TaxRate.TaxType | null;
  if (metadata !== undefined) rate.metadata = applyMetadata(rate.metadata, metadata);
  const prev = diff(before as unknown as Record<string, unknown>, rate as unknown as Record<string, unknown>);
  if (Object.keys(prev).length) {
    propagate(core, rate);
    core.emit("tax_rate.updated", rate, prev);
  }
  core.changed();
}

export function registerTaxRates(router: Router): void {
  router.post("/v1/tax_rates", ({ core, params: p }) => expand(core, createTaxRate(core, p), p.expand()));

  router.get("/v1/tax_rates/:id", ({ core, params: p, path }) =>
    expand(core, getTaxRate(core, path.id ?? ""), p.expand()),
  );

  router.post("/v1/tax_rates/:id", ({ core, params: p, path }) => {
    const rate = getTaxRate(core, path.id ?? "");
    updateTaxRate(core, rate, p);
    return expand(core, rate, p.expand());
  });

  router.get("/v1/tax_rates", ({ core, params: p }) => {
    const active = p.bool("active");
    const inclusive = p.bool("inclusive");
    const created = createdFilter(p);
    const items = Object.values(core.state.taxRates).filter(
      (r) =>
        (active === undefined || r.active === active) &&
        (inclusive === undefined || r.inclusive === inclusive) &&
        created(r.created),
    );
    return paginate(core, items, p, "/v1/tax_rates");
  });
}
