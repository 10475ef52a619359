import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers } from "@/db/schema";
import { openDatabase, type TDatabaseHandle, type TExecutor } from "@/db/open";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";

let t: TTestDatabase;
let one: TDatabaseHandle | undefined;
beforeAll(async () => {
  t = await createTestDatabase();
  // One connection: what it has prepared can be read back on it.
  if (t.url) one = await openDatabase({ databaseUrl: t.url, max: 1 });
});
afterAll(async () => {
  await one?.close();
  await t?.dispose();
});

/** The statements this connection has prepared that read the customers by e-mail. */
async function preparedLookups(db: TExecutor): Promise<string[]> {
  const rows = await db.execute<{ name: string }>(
    sql`SELECT name FROM pg_prepared_statements WHERE statement LIKE '%from "customers" where "customers"."email" = $1%'`,
  );
  // postgres.js answers an array; the type is the union of the drivers'.
  return (rows as unknown as { name: string }[]).map((r) => r.name);
}

const lookUp = (db: TExecutor, email: string) =>
  db.select({ id: customers.id }).from(customers).where(eq(customers.email, email));

describe("the postgres.js client names its statements (drizzle-orm#6096)", () => {
  // Without names, each query with parameters is parsed and described again: two round trips.
  it("a query with parameters is prepared once on its connection and reused", async (ctx) => {
    if (!one) return ctx.skip(); // PGlite has no postgres.js client
    await lookUp(one.db, "a@example.test");
    await lookUp(one.db, "b@example.test");
    const names = await preparedLookups(one.db);
    expect(names).toHaveLength(1);
  });

  it("in a transaction and a savepoint too, with their results and rollback unchanged", async (ctx) => {
    if (!one) return ctx.skip();
    await one.db.insert(customers).values({ email: "kept@example.test", locale: "en" });
    await one.db
      .transaction(async (tx) => {
        expect(await lookUp(tx, "kept@example.test")).toHaveLength(1);
        await tx.transaction(async (sp) => {
          expect(await lookUp(sp, "missing@example.test")).toHaveLength(0);
          await sp.insert(customers).values({ email: "rolled-back@example.test", locale: "fr" });
          throw new Error("roll the savepoint back");
        });
      })
      .catch((error: Error) => expect(error.message).toBe("roll the savepoint back"));
    expect(await lookUp(one.db, "kept@example.test")).toHaveLength(1);
    expect(await lookUp(one.db, "rolled-back@example.test")).toHaveLength(0);
    // Still the one statement, whichever way it was reached.
    expect(await preparedLookups(one.db)).toHaveLength(1);
  });
});
