import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { customers } from "@/db/schema";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";
import { createLogger, routeConsoleTo } from "./logger";
import { runInRequestContext } from "./request-context";

let t: TTestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

/** What a failing statement throws: drizzle's error with the statement and its parameters, the driver's as its cause. */
async function failure(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("the statement did not fail");
}

it("a failed statement is logged as one JSON line with the request id and without the customer's address", async () => {
  await t.db.insert(customers).values({ email: "alice@demo.test", locale: "en" });
  const errors = [
    // A duplicate address: the parameters and PostgreSQL's detail name it.
    await failure(() => t.db.insert(customers).values({ email: "alice@demo.test", locale: "en" })),
    // An address where an id belongs: the driver's own message quotes it.
    await failure(() => t.db.select().from(customers).where(eq(customers.id, "bruno@demo.test"))),
  ];
  // The unredacted errors do carry the addresses, or this test would prove nothing.
  expect(errors.map((e) => `${e.message} ${String((e.cause as Error)?.message)}`).join(" ")).toMatch(
    /alice@demo\.test[\s\S]*bruno@demo\.test/,
  );

  const lines: string[] = [];
  const log = createLogger(
    new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    }),
  );
  const saved = { ...console };
  try {
    routeConsoleTo(log);
    runInRequestContext({ requestId: "req-sql-1" }, () => {
      // As the server prints it: through our logger, and through console.error as Next does for a failed page.
      log.error({ err: errors[0] }, "order lookup failed");
      console.error(errors[1]);
    });
  } finally {
    Object.assign(console, saved);
  }
  expect(lines).toHaveLength(2);
  for (const line of lines) {
    expect(line).not.toContain("@demo.test");
    const parsed = JSON.parse(line) as { level: string; requestId: string; err: { message: string } };
    expect(parsed).toMatchObject({ level: "error", requestId: "req-sql-1" });
    expect(parsed.err.message).toContain("Failed query:");
  }
});
