import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, mailOutbox, verificationTokens } from "@/db/schema";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";
import { redeemVerificationToken } from "./adapter";
import { requestSignIn } from "./request-sign-in";
import { hashSignInToken } from "./sign-in-code";

const SECRET = "test-secret-0123456789-0123456789";
const cfg = {
  secret: SECRET,
  mail: { vendorName: "Lumen", supportEmail: "help@lumen.test", portalUrl: "https://orders.lumen.test" },
  limitPerClient: 30,
};
let t: TTestDatabase;
// A clock that starts at the beginning of the next 15-minute rate-limit window and moves 4 s per
// request: past the double-click window, and never across a rate-limit window by accident.
let clock = Math.ceil(Date.now() / 900_000) * 900_000 + 1000;
const tick = () => new Date((clock += 4000));

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db
    .insert(customers)
    .values([
      { email: "ana@example.com" },
      { email: "ben@example.com", locale: "fr" },
      { email: "dora@example.com" },
    ]);
});
afterAll(async () => {
  await t?.dispose();
});

async function lastCode(email: string): Promise<string> {
  const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
  const mail = mails.at(-1)!;
  expect(mail.subject).not.toMatch(/[A-Z2-9]{6}$/);
  return /^\s{4}([A-Z2-9]{6})\s*$/m.exec(mail.text)![1]!;
}

describe("requestSignIn", () => {
  it("stores only a hash, links to the configured URL, and a new request voids the earlier code", async () => {
    await requestSignIn(
      t.db,
      { email: " Ana@Example.com ", clientKey: "1.1.1.1", locale: "en", now: tick() },
      cfg,
    );
    const first = await lastCode("ana@example.com");
    const [mail] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "ana@example.com"));
    expect(mail!.text).toContain(
      `https://orders.lumen.test/en/sign-in/confirm?token=${first}&email=ana%40example.com`,
    );
    const [row] = await t.db
      .select()
      .from(verificationTokens)
      .where(eq(verificationTokens.identifier, "ana@example.com"));
    expect(row!.token).toBe(hashSignInToken(first, SECRET));
    expect(row!.token).not.toContain(first);
    expect(row!.expires.getTime() - clock).toBe(600_000);

    await requestSignIn(
      t.db,
      { email: "ana@example.com", clientKey: "1.1.1.1", locale: "en", now: tick() },
      cfg,
    );
    const second = await lastCode("ana@example.com");
    expect(await redeemVerificationToken(t.db, "ana@example.com", hashSignInToken(first, SECRET))).toBeNull();
    expect(
      await redeemVerificationToken(t.db, "ana@example.com", hashSignInToken(second, SECRET)),
    ).not.toBeNull();
    // Single use.
    expect(
      await redeemVerificationToken(t.db, "ana@example.com", hashSignInToken(second, SECRET)),
    ).toBeNull();
  });

  it("refuses a code older than ten minutes", async () => {
    const elevenMinutesAgo = new Date(Date.now() - 11 * 60_000);
    await requestSignIn(
      t.db,
      { email: "ben@example.com", clientKey: "2.2.2.2", locale: "fr", now: elevenMinutesAgo },
      cfg,
    );
    const code = await lastCode("ben@example.com");
    expect(await redeemVerificationToken(t.db, "ben@example.com", hashSignInToken(code, SECRET))).toBeNull();
  });

  it("locks a code after five wrong attempts", async () => {
    await requestSignIn(
      t.db,
      { email: "ben@example.com", clientKey: "2.2.2.2", locale: "fr", now: tick() },
      cfg,
    );
    const code = await lastCode("ben@example.com");
    for (let i = 0; i < 5; i++)
      expect(
        await redeemVerificationToken(t.db, "ben@example.com", hashSignInToken("WRONG1", SECRET)),
      ).toBeNull();
    expect(await redeemVerificationToken(t.db, "ben@example.com", hashSignInToken(code, SECRET))).toBeNull();
  });

  it("answers an unknown address with a 'no purchases' mail and no token", async () => {
    expect(
      await requestSignIn(
        t.db,
        { email: "who@example.com", clientKey: "3.3.3.3", locale: "it", now: tick() },
        cfg,
      ),
    ).toBe("no-purchases");
    expect(
      await t.db
        .select()
        .from(verificationTokens)
        .where(eq(verificationTokens.identifier, "who@example.com")),
    ).toHaveLength(0);
    const [mail] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "who@example.com"));
    expect(mail!.template).toBe("no-purchases");
    expect(mail!.locale).toBe("it");
    expect(await t.db.select().from(customers).where(eq(customers.email, "who@example.com"))).toHaveLength(0);
  });

  it("limits requests per address and per client, sending nothing past the limit", async () => {
    const results = [];
    for (let i = 0; i < 7; i++)
      results.push(
        await requestSignIn(
          t.db,
          { email: "limit@example.com", clientKey: `9.9.9.${i}`, locale: "en", now: tick() },
          cfg,
        ),
      );
    expect(results.filter((r) => r === "rate-limited")).toHaveLength(2);
    expect(await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "limit@example.com"))).toHaveLength(
      5,
    );
    const perClient = [];
    for (let i = 0; i < 32; i++)
      perClient.push(
        await requestSignIn(
          t.db,
          { email: `c${i}@example.com`, clientKey: "7.7.7.7", locale: "en", now: tick() },
          cfg,
        ),
      );
    expect(perClient.filter((r) => r === "rate-limited")).toHaveLength(2);
    // Another client is not stopped by that one, and requests without an address share no bucket.
    expect(
      await requestSignIn(
        t.db,
        { email: "c99@example.com", clientKey: "7.7.7.8", locale: "en", now: tick() },
        cfg,
      ),
    ).toBe("no-purchases");
    const unaddressed = [];
    for (let i = 0; i < 35; i++)
      unaddressed.push(
        await requestSignIn(
          t.db,
          { email: `u${i}@example.com`, clientKey: undefined, locale: "en", now: tick() },
          cfg,
        ),
      );
    expect(unaddressed.filter((r) => r === "rate-limited")).toHaveLength(0);
  });

  it("acts once on a double submission: one mail, one request counted", async () => {
    const now = tick();
    const input = { email: "dora@example.com", clientKey: "5.5.5.5", locale: "en" as const, now };
    const before = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "dora@example.com"));
    const results = await Promise.all([requestSignIn(t.db, input, cfg), requestSignIn(t.db, input, cfg)]);
    expect(results.sort()).toEqual(["duplicate", "sent"]);
    const after = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "dora@example.com"));
    expect(after).toHaveLength(before.length + 1);
    // The duplicate did not count: four more requests fit in the address's limit of five.
    for (let i = 0; i < 4; i++)
      expect(await requestSignIn(t.db, { ...input, now: tick() }, cfg)).toBe("sent");
    expect(await requestSignIn(t.db, { ...input, now: tick() }, cfg)).toBe("rate-limited");
  });
});
