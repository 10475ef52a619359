import { expect, it } from "vitest";
import { isDatabaseUnavailable } from "./database-unavailable";

const coded = (code: string, message = "x") => Object.assign(new Error(message), { code });

it("recognises a database that cannot be reached, also as drizzle's cause", () => {
  expect(isDatabaseUnavailable(coded("ECONNREFUSED"))).toBe(true);
  expect(isDatabaseUnavailable(coded("CONNECTION_CLOSED"))).toBe(true);
  expect(isDatabaseUnavailable(coded("57P01", "terminating connection due to administrator command"))).toBe(
    true,
  );
  expect(isDatabaseUnavailable(coded("53300", "too many connections"))).toBe(true);
  expect(isDatabaseUnavailable(coded("08006"))).toBe(true);
  expect(isDatabaseUnavailable(new Error("Failed query: select 1", { cause: coded("ECONNREFUSED") }))).toBe(
    true,
  );
  expect(isDatabaseUnavailable(new AggregateError([coded("ECONNREFUSED"), coded("ECONNREFUSED")]))).toBe(
    true,
  );
});

it("leaves failed statements and other errors alone", () => {
  expect(isDatabaseUnavailable(coded("23505", "duplicate key value"))).toBe(false);
  expect(isDatabaseUnavailable(new Error("Failed query: select 1", { cause: coded("22P02") }))).toBe(false);
  expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
  expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
  expect(isDatabaseUnavailable(null)).toBe(false);
});
