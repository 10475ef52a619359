// Customer tax IDs: create, retrieve, list, delete under /v1/customers/:id/tax_ids, as Stripe documents
// them (https://docs.stripe.com/api/tax_ids). An `eu_vat` value is checked for its shape (a member
// state's prefix, EL for Greece, XI for Northern Ireland, then 2 to 13 letters or digits): a malformed
// one is `tax_id_invalid`. Verification (VIES) starts `pending`; the control
// `POST /_emulator/tax_ids/:id/verification {status}` gives the authority's answer (verified,
// unverified or unavailable) and emits `customer.tax_id.updated`, as Stripe does when it hears back.
import type Stripe from "stripe";
import type { Core } from "../core";
import { invalidParam, missingParam, resourceMissing } from "../errors";
import { newId } from "../ids";
import { paginate } from "../list";
import type { Router } from "../router";
import { getCustomer } from "./customers";

export const TAX_ID_VERIFICATION_STATUSES = ["pending", "verified", "unverified", "unavailable"] as const;

const EU_VAT =
  /^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)[0-9A-Z]{2,13}$/;
/** The tax ID's country: the VAT prefix, except Greece (EL) and Northern Ireland (XI). */
const COUNTRY_OF_PREFIX: Record<string, string> = { EL: "GR", XI: "GB" };

function taxIdsOf(core: Core): Record<string, Stripe.TaxId> {
  const state = core.state as { taxIds?: Record<string, Stripe.TaxId> };
  state.taxIds ??= {};
  return state.taxIds;
}

function getTaxId(core: Core, customerId: string, id: string): Stripe.TaxId {
  const t = taxIdsOf(core)[id];
  if (!t || t.customer !== customerId) throw resourceMissing("tax_id", id);
  return t;
}

/** The control's answer from the tax authority; `null` for an unknown id. */
export function setTaxIdVerification(
  core: Core,
  id: string,
  verification: Stripe.TaxId.Verification,
): Stripe.TaxId | null {
  const t = taxIdsOf(core)[id];
  if (!t) return null;
  const previous = structuredClone(t.verification);
  t.verification = verification;
  core.emit("customer.tax_id.updated", t, { verification: previous });
  core.changed();
  return t;
}

export function registerTaxIds(router: Router): void {
  router.post("/v1/customers/:id/tax_ids", ({ core, params: p, path }) => {
    const customer = getCustomer(core, path.id ?? "");
    const type = p.str("type");
    const value = p.str("value");
    if (!type) throw missingParam("type");
    if (!value) throw missingParam("value");
    if (type !== "eu_vat")
      throw invalidParam(`The emulator models the eu_vat type only, not ${type}.`, "type");
    if (!EU_VAT.test(value)) throw invalidParam(`Invalid value for ${type}.`, "value", "tax_id_invalid");
    const prefix = value.slice(0, 2);
    const taxId: Stripe.TaxId = {
      id: newId("txi", 24),
      object: "tax_id",
      country: COUNTRY_OF_PREFIX[prefix] ?? prefix,
      created: core.now(),
      customer: customer.id,
      livemode: false,
      owner: { type: "customer", customer: customer.id, account: undefined, application: undefined },
      type: "eu_vat",
      value,
      verification: { status: "pending", verified_address: null, verified_name: null },
    } as Stripe.TaxId;
    taxIdsOf(core)[taxId.id] = taxId;
    core.emit("customer.tax_id.created", taxId);
    core.changed();
    return taxId;
  });

  router.get("/v1/customers/:id/tax_ids/:taxId", ({ core, path }) => {
    getCustomer(core, path.id ?? "");
    return getTaxId(core, path.id ?? "", path.taxId ?? "");
  });

  router.get("/v1/customers/:id/tax_ids", ({ core, params: p, path }) => {
    const customer = getCustomer(core, path.id ?? "");
    const items = Object.values(taxIdsOf(core)).filter((t) => t.customer === customer.id);
    return paginate(core, items, p, `/v1/customers/${customer.id}/tax_ids`);
  });

  router.delete("/v1/customers/:id/tax_ids/:taxId", ({ core, path }) => {
    getCustomer(core, path.id ?? "");
    const t = getTaxId(core, path.id ?? "", path.taxId ?? "");
    delete taxIdsOf(core)[t.id];
    core.emit("customer.tax_id.deleted", t);
    core.changed();
    return { id: t.id, object: "tax_id", deleted: true };
  });
}
