import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, sessions } from "@/db/schema";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";
import { findSessionCustomer, SESSION_MAX_AGE_SECONDS } from "./find-session-customer";

let t: TTestDatabase;
let statements = 0;
const DAY = 86_400_000;
const now = new Date("2027-03-01T12:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase({ onQuery: () => statements++ });
});
afterAll(async () => {
  await t?.dispose();
});

async function customerWithSession(email: string, token: string, expires: Date): Promise<string> {
  const [c] = await t.db.insert(customers).values({ email, locale: "fr" }).returning({ id: customers.id });
  await t.db.insert(sessions).values({ sessionToken: token, userId: c!.id, expires });
  return c!.id;
}

async function expiresOf(token: string): Promise<Date | undefined> {
  const [s] = await t.db
    .select({ e: sessions.expires })
    .from(sessions)
    .where(eq(sessions.sessionToken, token));
  return s?.e;
}

describe("findSessionCustomer", () => {
  it("finds the session's customer in one statement", async () => {
    const expires = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000 - 3600_000);
    const id = await customerWithSession("one@example.test", "tok-one", expires);
    statements = 0;
    expect(await findSessionCustomer(t.db, "tok-one", now)).toEqual({
      id,
      email: "one@example.test",
      locale: "fr",
    });
    expect(statements).toBe(1);
    expect(await expiresOf("tok-one")).toEqual(expires);
  });

  it("knows no unknown or expired token", async () => {
    await customerWithSession("two@example.test", "tok-two", new Date(now.getTime() - 1000));
    expect(await findSessionCustomer(t.db, "tok-two", now)).toBeNull();
    expect(await findSessionCustomer(t.db, "tok-none", now)).toBeNull();
    expect(await findSessionCustomer(t.db, "", now)).toBeNull();
  });

  it("moves the expiry of a session last extended more than a day ago, like Auth.js", async () => {
    const expires = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000 - 2 * DAY);
    await customerWithSession("three@example.test", "tok-three", expires);
    statements = 0;
    expect(await findSessionCustomer(t.db, "tok-three", now)).not.toBeNull();
    expect(statements).toBe(2);
    expect(await expiresOf("tok-three")).toEqual(new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000));
  });
});
