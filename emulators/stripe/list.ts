// Stripe list pagination: newest first, `limit`, `starting_after`, `ending_before`, `expand[]=data.x`.
import type { Core } from "./core";
import { invalidParam, resourceMissing } from "./errors";
import { expand } from "./expand";
import type { Params } from "./params";

export type ListResponse<T> = { object: "list"; data: T[]; has_more: boolean; url: string };

type Listable = { id: string; created?: number; object: string };

/** Newest first, ties broken by reverse insertion order (items come in insertion order). */
export function newestFirst<T extends Listable>(items: T[]): T[] {
  return [...items].reverse().sort((a, b) => (b.created ?? 0) - (a.created ?? 0));
}

export function paginate<T extends Listable>(
  core: Core,
  items: T[],
  p: Params,
  url: string,
  ordered = false,
): ListResponse<T> {
  const sorted = ordered ? items : newestFirst(items);
  const limit = p.int("limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam("Invalid limit: must be between 1 and 100", "limit");
  const startingAfter = p.str("starting_after");
  const endingBefore = p.str("ending_before");
  if (startingAfter && endingBefore) {
    throw invalidParam(
      "You may only specify one of these parameters: ending_before, starting_after.",
      "ending_before",
    );
  }
  let page: T[];
  let hasMore: boolean;
  if (startingAfter) {
    const i = sorted.findIndex((x) => x.id === startingAfter);
    if (i < 0) throw resourceMissing(objectName(sorted, startingAfter), startingAfter, "starting_after");
    page = sorted.slice(i + 1, i + 1 + limit);
    hasMore = sorted.length > i + 1 + limit;
  } else if (endingBefore) {
    const i = sorted.findIndex((x) => x.id === endingBefore);
    if (i < 0) throw resourceMissing(objectName(sorted, endingBefore), endingBefore, "ending_before");
    const start = Math.max(0, i - limit);
    page = sorted.slice(start, i);
    hasMore = start > 0;
  } else {
    page = sorted.slice(0, limit);
    hasMore = sorted.length > limit;
  }
  const itemPaths = p
    .expand()
    .filter((e) => e.startsWith("data."))
    .map((e) => e.slice(5));
  const data = itemPaths.length
    ? page.map((x) => expand(core, x, itemPaths))
    : page.map((x) => structuredClone(x));
  return { object: "list", data, has_more: hasMore, url };
}

function objectName(items: Listable[], id: string): string {
  return items[0]?.object ?? id.split("_")[0] ?? "object";
}

/** `created` filter: an integer or `{gt,gte,lt,lte}`. */
export function createdFilter(p: Params, key = "created"): (created: number) => boolean {
  if (!p.has(key)) return () => true;
  const exact = typeof p.raw[key] === "string" ? p.int(key) : undefined;
  if (exact !== undefined) return (c) => c === exact;
  const r = p.obj(key);
  const gt = r?.int("gt");
  const gte = r?.int("gte");
  const lt = r?.int("lt");
  const lte = r?.int("lte");
  return (c) =>
    (gt === undefined || c > gt) &&
    (gte === undefined || c >= gte) &&
    (lt === undefined || c < lt) &&
    (lte === undefined || c <= lte);
}
