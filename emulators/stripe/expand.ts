// `expand[]` support: replaces ids by objects along dotted paths, and adds includable lists.
import type { Core } from "./core";
import { invalidParam } from "./errors";
import type { CollectionName } from "./store";
import { sessionTaxBreakdown } from "./tax";

type Obj = Record<string, unknown>;

const PREFIXES: [string, CollectionName][] = [
  ["inpay_", "invoicePayments"],
  ["cus_", "customers"],
  ["prod_", "products"],
  ["price_", "prices"],
  ["cs_", "checkoutSessions"],
  ["pi_", "paymentIntents"],
  ["seti_", "setupIntents"],
  ["dp_", "disputes"],
  ["pm_", "paymentMethods"],
  ["ch_", "charges"],
  ["re_", "refunds"],
  ["sub_", "subscriptions"],
  ["in_", "invoices"],
  ["ii_", "invoiceItems"],
  ["evt_", "events"],
  ["txr_", "taxRates"],
];

export function lookupById(core: Core, id: string): Obj | undefined {
  for (const [prefix, coll] of PREFIXES) {
    if (id.startsWith(prefix)) return (core.state[coll] as unknown as Record<string, Obj>)[id];
  }
  return undefined;
}

function listOf(url: string, data: Obj[]): Obj {
  return { object: "list", data: data.slice(0, 100), has_more: data.length > 100, url };
}

/** `target` is the object holding the field, `owner` the nearest enclosing Stripe object. */
type Includer = (core: Core, target: Obj, owner: Obj) => unknown;

/** Fields Stripe leaves out unless expanded; nested plain objects are keyed `object.field`. */
const INCLUDABLE: Record<string, Record<string, Includer>> = {
  "checkout.session": {
    line_items: (core, s) =>
      listOf(
        `/v1/checkout/sessions/${String(s.id)}/line_items`,
        (core.state.sessionLineItems[String(s.id)] ?? []) as unknown as Obj[],
      ),
  },
  "checkout.session.total_details": {
    breakdown: (core, _td, s) => ({ discounts: [], taxes: sessionTaxBreakdown(core, String(s.id)) }),
  },
  item: {
    taxes: (core, li) => structuredClone(core.state.lineItemTaxes[String(li.id)] ?? []),
  },
  charge: {
    refunds: (core, c) =>
      listOf(
        `/v1/charges/${String(c.id)}/refunds`,
        Object.values(core.state.refunds)
          .filter((r) => r.charge === c.id)
          .reverse() as unknown as Obj[],
      ),
  },
  invoice: {
    payments: (core, inv) =>
      listOf(
        `/v1/invoices/${String(inv.id)}/payments`,
        Object.values(core.state.invoicePayments).filter((p) => p.invoice === inv.id) as unknown as Obj[],
      ),
  },
};

type Where = { kind: string; owner: Obj | null };

function expandPath(
  core: Core,
  target: unknown,
  segs: string[],
  full: string,
  where: Where = { kind: "", owner: null },
): void {
  if (!target || typeof target !== "object" || Array.isArray(target)) return;
  const obj = target as Obj;
  const isObject = typeof obj.object === "string";
  const kind = isObject ? String(obj.object) : where.kind;
  const owner = isObject ? obj : (where.owner ?? obj);
  const [head, ...rest] = segs;
  if (head === undefined) return;
  let val = obj[head];
  if (val === undefined) {
    const includer = INCLUDABLE[kind]?.[head];
    if (!includer) throw invalidParam(`This property cannot be expanded (${full}).`, "expand");
    val = includer(core, obj, owner);
    obj[head] = val;
  } else if (typeof val === "string") {
    const found = lookupById(core, val);
    if (!found) {
      if (rest.length === 0 && /^[a-z]+_/.test(val)) return;
      throw invalidParam(`This property cannot be expanded (${full}).`, "expand");
    }
    val = structuredClone(found);
    obj[head] = val;
  }
  if (rest.length === 0) return;
  const inner: Where = { kind: `${kind}.${head}`, owner };
  if (Array.isArray(val)) {
    for (const item of val) expandPath(core, item, rest, full, inner);
  } else {
    expandPath(core, val, rest, full, inner);
  }
}

/** Returns a deep copy of `object` with the given expansions applied. */
export function expand<T>(core: Core, object: T, paths: string[]): T {
  const copy = structuredClone(object);
  for (const path of paths) {
    const segs = path.split(".");
    if (segs.length > 4)
      throw invalidParam(`You cannot expand more than 4 levels of a property. Property: ${path}`, "expand");
    expandPath(core, copy, segs, path);
  }
  return copy;
}
