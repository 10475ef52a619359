import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, customers, mailOutbox, sessions, staffSessions, staffSignInCodes } from "@/db/schema";
import { runInRequestContext } from "@/lib/log/request-context";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";
import { findSessionCustomer } from "@/lib/auth/find-session-customer";
import {
  assertStaff,
  findStaffSession,
  isStaff,
  NotStaffError,
  redeemStaffCode,
  requestStaffSignIn,
} from "./staff-sign-in";

const SECRET = "test-secret-0123456789-0123456789";
const STAFF = ["agent@lumen.test", "boss@lumen.test"];
const cfg = {
  secret: SECRET,
  mail: { vendorName: "Lumen", supportEmail: "help@lumen.test", portalUrl: "https://orders.lumen.test" },
  limitPerClient: 30,
  staffEmails: STAFF,
};
let t: TTestDatabase;
let clock = Math.ceil(Date.now() / 900_000) * 900_000 + 1000;
const tick = () => new Date((clock += 4000));

beforeAll(async () => {
  t = await createTestDatabase();
  // A staff member who also bought something: the two roles stay apart.
  await t.db.insert(customers).values([{ email: "boss@lumen.test" }, { email: "ana@example.com" }]);
});
afterAll(async () => {
  await t?.dispose();
});

async function lastCode(email: string): Promise<string> {
  const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
  return /confirm\?code=([A-Z2-9]{6})&/.exec(mails.at(-1)!.text)![1]!;
}

async function signIn(email: string): Promise<string> {
  expect(
    await requestStaffSignIn(t.db, { email, clientKey: "1.1.1.1", locale: "fr", now: tick() }, cfg),
  ).toBe("sent");
  const r = await redeemStaffCode(t.db, { email, code: await lastCode(email) }, cfg);
  if (!r.ok) throw new Error(r.code);
  return r.token;
}

describe("staff sign-in", () => {
  it("mails a link and a code to a staff address, in the asked language, stored hashed", async () => {
    await requestStaffSignIn(
      t.db,
      { email: " Agent@Lumen.test ", clientKey: "1.1.1.1", locale: "fr", now: tick() },
      cfg,
    );
    const code = await lastCode("agent@lumen.test");
    const [mail] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "agent@lumen.test"));
    expect(mail!.template).toBe("staff-sign-in");
    expect(mail!.locale).toBe("fr");
    expect(mail!.text).toContain(
      `https://orders.lumen.test/fr/staff/sign-in/confirm?code=${code}&email=agent%40lumen.test`,
    );
    // The code is never in the subject, and the body is wiped once sent, like a customer's sign-in.
    expect(mail!.subject).not.toContain(code);
    expect(mail!.sensitive).toBe(true);
    const [row] = await t.db.select().from(staffSignInCodes);
    expect(row!.codeHash).not.toContain(code);
  });

  it("sends nothing to an address that is not staff, customer or not", async () => {
    for (const email of ["ana@example.com", "nobody@example.com"])
      expect(
        await requestStaffSignIn(t.db, { email, clientKey: "2.2.2.2", locale: "en", now: tick() }, cfg),
      ).toBe("not-staff");
    expect(await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "ana@example.com"))).toHaveLength(0);
    expect(await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "nobody@example.com"))).toHaveLength(
      0,
    );
  });

  it("turns the code into a staff session, once; wrong codes lock it after five", async () => {
    const token = await signIn("agent@lumen.test");
    const staff = await findStaffSession(t.db, token, STAFF);
    expect(staff?.email).toBe("agent@lumen.test");
    expect(isStaff(staff)).toBe(true);
    const [s] = await t.db.select().from(staffSessions);
    expect(s!.tokenHash).not.toBe(token);

    await requestStaffSignIn(
      t.db,
      { email: "agent@lumen.test", clientKey: "1.1.1.1", locale: "en", now: tick() },
      cfg,
    );
    const code = await lastCode("agent@lumen.test");
    const results = [];
    for (let i = 0; i < 5; i++) {
      const r = await redeemStaffCode(t.db, { email: "agent@lumen.test", code: "WRONG2" }, cfg);
      results.push(r.ok ? "ok" : r.code);
    }
    expect(results).toEqual(["CODE_WRONG", "CODE_WRONG", "CODE_WRONG", "CODE_WRONG", "CODE_LOCKED"]);
    expect(await redeemStaffCode(t.db, { email: "agent@lumen.test", code }, cfg)).toEqual({
      ok: false,
      code: "CODE_LOCKED",
    });
  });

  it("a staff session is never a customer's, and a customer's session is never staff", async () => {
    const token = await signIn("boss@lumen.test");
    // The staff token names no Auth.js session, so no customer (even though boss@ bought something).
    expect(await findSessionCustomer(t.db, token)).toBeNull();
    expect(await t.db.select().from(sessions)).toHaveLength(0);
    // A customer's Auth.js session token is not a staff session.
    const [ana] = await t.db.select().from(customers).where(eq(customers.email, "ana@example.com"));
    await t.db
      .insert(sessions)
      .values({ sessionToken: "ana-token", userId: ana!.id, expires: new Date(Date.now() + 86_400_000) });
    expect(await findStaffSession(t.db, "ana-token", STAFF)).toBeNull();
    expect(await findStaffSession(t.db, undefined, STAFF)).toBeNull();
    // A customer object is not staff for the data layer, nor is a look-alike.
    const customer = await findSessionCustomer(t.db, "ana-token");
    expect(isStaff(customer)).toBe(false);
    expect(() => assertStaff(customer)).toThrow(NotStaffError);
    expect(() => assertStaff({ email: "agent@lumen.test" })).toThrow(NotStaffError);
    expect(() => assertStaff(null)).toThrow(NotStaffError);
  });

  it("an address removed from STAFF_EMAILS loses its sessions at once", async () => {
    const token = await signIn("agent@lumen.test");
    expect(await findStaffSession(t.db, token, STAFF)).not.toBeNull();
    expect(await findStaffSession(t.db, token, ["boss@lumen.test"])).toBeNull();
  });
});

it("audits a staff sign-in requested, failed and succeeded, with the request id and client address", async () => {
  const origin = { requestId: "req-staff-sign-in", clientAddress: "198.51.100.9" };
  const email = "boss@lumen.test";
  await runInRequestContext(origin, async () => {
    await requestStaffSignIn(t.db, { email, clientKey: "1.1.1.1", locale: "en", now: tick() }, cfg);
    await redeemStaffCode(t.db, { email, code: "WRONG2" }, cfg);
    await redeemStaffCode(t.db, { email, code: await lastCode(email) }, cfg);
  });
  const rows = (await t.db.select().from(auditLog).where(eq(auditLog.subjectId, email))).filter(
    (r) => (r.data as { requestId?: string }).requestId === origin.requestId,
  );
  expect(rows.map((r) => [r.action, r.actorType, r.actorId])).toEqual([
    ["staff.sign_in.requested", "system", null],
    ["staff.sign_in.failed", "system", null],
    ["staff.sign_in.succeeded", "staff", email],
  ]);
  expect(rows.map((r) => r.data)).toEqual([
    { result: "sent", ...origin },
    { reason: "CODE_WRONG", ...origin },
    origin,
  ]);
  // Never the code.
  expect(JSON.stringify(rows)).not.toContain(await lastCode(email));
});
