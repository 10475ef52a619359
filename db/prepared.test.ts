import { describe, expect, it } from "vitest";
import type { TExecutor } from "./open";
import { preparedQuery } from "./prepared";

// Two stand-ins for database handles: the cache only keys on their identity.
const handle = () => ({}) as unknown as TExecutor;

describe("preparedQuery", () => {
  it("builds a query once per handle and gives the same one back", () => {
    let builds = 0;
    const query = preparedQuery((db) => ({ db, n: ++builds }));
    const a = handle();
    const b = handle();
    expect(query(a)).toBe(query(a));
    expect(builds).toBe(1);
    expect(query(b).db).toBe(b);
    expect(query(a).db).toBe(a);
    expect(builds).toBe(2);
  });
});
