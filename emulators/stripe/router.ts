// Minimal method + path router with `:param` segments.
import type { Core } from "./core";
import type { Params } from "./params";

export type Method = "GET" | "POST" | "DELETE";

export type ApiContext = {
  core: Core;
  params: Params;
  path: Record<string, string>;
  method: Method;
};

export type Handler = (ctx: ApiContext) => unknown;

type Route = { method: Method; pattern: string; segments: string[]; handler: Handler };

export class Router {
  private readonly routes: Route[] = [];

  add(method: Method, pattern: string, handler: Handler): this {
    this.routes.push({ method, pattern, segments: pattern.split("/").filter(Boolean), handler });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.add("GET", pattern, handler);
  }

  post(pattern: string, handler: Handler): this {
    return this.add("POST", pattern, handler);
  }

  delete(pattern: string, handler: Handler): this {
    return this.add("DELETE", pattern, handler);
  }

  /** Every registered route as `METHOD /pattern` (the keys of shapes.ts). */
  list(): string[] {
    return this.routes.map((r) => `${r.method} ${r.pattern}`);
  }

  /** The first route registered for the path wins (`/v1/customers/search` before `/v1/customers/:id`). */
  match(
    method: string,
    pathname: string,
  ): { handler: Handler; path: Record<string, string>; route: string } | null {
    const parts = pathname.split("/").filter(Boolean);
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const path: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i] ?? "";
        const part = parts[i] ?? "";
        if (seg.startsWith(":")) path[seg.slice(1)] = decodeURIComponent(part);
        else if (seg !== part) {
          ok = false;
          break;
        }
      }
      if (ok) return { handler: route.handler, path, route: `${route.method} ${route.pattern}` };
    }
    return null;
  }
}
