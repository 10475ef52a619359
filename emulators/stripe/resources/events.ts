// Events: retrieve and list (newest first; `type`, `types[]`, `created` filters).
import { resourceMissing } from "../errors";
import { createdFilter, paginate } from "../list";
import type { Router } from "../router";

function typeMatches(pattern: string, type: string): boolean {
  if (!pattern.includes("*")) return pattern === type;
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^]*")}$`,
  );
  return re.test(type);
}

export function registerEvents(router: Router): void {
  router.get("/v1/events/:id", ({ core, path }) => {
    const e = core.state.events[path.id ?? ""];
    if (!e) throw resourceMissing("event", path.id ?? "");
    return structuredClone(e);
  });
  router.get("/v1/events", ({ core, params: p }) => {
    const type = p.str("type");
    const types = p.strArray("types");
    const created = createdFilter(p);
    const items = Object.values(core.state.events).filter(
      (e) =>
        (type === undefined || typeMatches(type, e.type)) &&
        (!types || types.some((t) => typeMatches(t, e.type))) &&
        created(e.created),
    );
    return paginate(core, items, p, "/v1/events");
  });
}
