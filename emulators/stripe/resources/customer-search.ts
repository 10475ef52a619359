// GET /v1/customers/search: Stripe's search query language for customers (email, name, phone, metadata, created).
import type Stripe from "stripe";
import type { Core } from "../core";
import { invalidParam, missingParam } from "../errors";
import { newestFirst } from "../list";
import type { Params } from "../params";

type Clause = { field: string; key: string | null; op: string; value: string };

const STRING_FIELDS = ["email", "name", "phone"] as const;
// `field:'value'`, `field~'value'`, `metadata['key']:'value'`, `created>123` (value quoted or a number)
const CLAUSE =
  /^\s*(-?)([a-z_]+)(?:\[['"]([^'"]+)['"]\])?\s*(:|~|>=|<=|>|<)\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\d+))\s*/;

function badQuery(message: string): never {
  throw invalidParam(message, "query");
}

/** Clauses joined by AND or by OR (Stripe does not allow mixing them). */
function parseQuery(query: string): { clauses: Clause[]; any: boolean } {
  const clauses: Clause[] = [];
  const joins = new Set<string>();
  let rest = query;
  for (;;) {
    const m = CLAUSE.exec(rest);
    if (!m) badQuery(`Invalid search query: ${query}`);
    if (m[1]) badQuery("The emulator does not support negated search clauses.");
    const field = m[2] ?? "";
    const key = m[3] ?? null;
    const op = m[4] ?? ":";
    const value = (m[5] ?? m[6] ?? m[7] ?? "").replace(/\\(.)/g, "$1");
    if (field === "metadata" ? key === null || op !== ":" : key !== null)
      badQuery(`Invalid search query: ${query}`);
    if (field !== "metadata" && field !== "created" && !(STRING_FIELDS as readonly string[]).includes(field))
      badQuery(`Field \`${field}\` is an unsupported search field for resource \`customers\`.`);
    if (field === "created" ? op === "~" || !/^\d+$/.test(value) : /[<>]/.test(op))
      badQuery(`Invalid operator \`${op}\` for field \`${field}\`.`);
    if (op === "~" && value.length < 3) badQuery("Substring search (~) needs at least 3 characters.");
    clauses.push({ field, key, op, value });
    rest = rest.slice(m[0].length);
    if (!rest.trim()) break;
    const join = /^(AND|OR)\s+/.exec(rest);
    if (!join) badQuery(`Invalid search query: ${query}`);
    joins.add(join[1] ?? "");
    rest = rest.slice(join[0].length);
  }
  if (joins.size > 1) badQuery("Search queries cannot mix AND and OR.");
  return { clauses, any: joins.has("OR") };
}

function matches(c: Stripe.Customer, clause: Clause): boolean {
  if (clause.field === "metadata") return c.metadata[clause.key ?? ""] === clause.value;
  if (clause.field === "created") {
    const v = Number(clause.value);
    const ops: Record<string, boolean> = {
      ":": c.created === v,
      ">": c.created > v,
      "<": c.created < v,
      ">=": c.created >= v,
      "<=": c.created <= v,
    };
    return ops[clause.op] ?? false;
  }
  const actual = (c[clause.field as (typeof STRING_FIELDS)[number]] ?? "").toLowerCase();
  const wanted = clause.value.toLowerCase();
  return clause.op === "~" ? actual.includes(wanted) : actual === wanted;
}

export function searchCustomers(core: Core, p: Params): Stripe.ApiSearchResult<Stripe.Customer> {
  const query = p.str("query");
  if (!query) throw missingParam("query");
  const { clauses, any } = parseQuery(query);
  const limit = p.int("limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam("Invalid limit: must be between 1 and 100", "limit");
  const page = p.str("page");
  const offset = page ? Number(Buffer.from(page, "base64url").toString("utf8")) : 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalidParam("Invalid page", "page");
  const found = newestFirst(
    Object.values(core.state.customers).filter((c) =>
      any ? clauses.some((cl) => matches(c, cl)) : clauses.every((cl) => matches(c, cl)),
    ),
  );
  const data = found.slice(offset, offset + limit).map((c) => structuredClone(c));
  const hasMore = found.length > offset + limit;
  return {
    object: "search_result",
    data,
    has_more: hasMore,
    next_page: hasMore ? Buffer.from(String(offset + limit)).toString("base64url") : null,
    url: "/v1/customers/search",
  } as Stripe.ApiSearchResult<Stripe.Customer>;
}
