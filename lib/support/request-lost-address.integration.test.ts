import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, customers, mailOutbox, supportRequests } from "@/db/schema";
import { MAIL_SETTINGS } from "@/tests/portal-harness";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";
import { requestLostAddress } from "./request-lost-address";
import { ZLostAddress } from "./schemas";

let t: TTestDatabase;
let customerId: string;
const ME = "new.address@example.com";

const input = (fields: Record<string, string>) =>
  ZLostAddress.parse({
    oldEmail: "",
    orderNumbers: "",
    purchaseDate: "",
    amount: "",
    message: "",
    locale: "fr",
    ...fields,
  });

beforeAll(async () => {
  t = await createTestDatabase();
  const [row] = await t.db
    .insert(customers)
    .values({ email: ME, locale: "en" })
    .returning({ id: customers.id });
  customerId = row!.id;
});
afterAll(async () => {
  await t?.dispose();
});

describe("a lost-address request", () => {
  it("acts once on a double submission: one open request, one acknowledgment, one mail to support, one rate-limit hit", async () => {
    const [other] = await t.db
      .insert(customers)
      .values({ email: "double@example.com", locale: "en" })
      .returning({ id: customers.id });
    const at = new Date("2026-03-01T10:00:00Z");
    const submit = () =>
      requestLostAddress(
        t.db,
        other!.id,
        input({ oldEmail: "gone@example.com", orderNumbers: "ORD-2025-AAA111", locale: "en" }),
        MAIL_SETTINGS,
        at,
      );
    const [a, b] = await Promise.all([submit(), submit()]);
    expect(a.ok && b.ok).toBe(true);
    const rows = await t.db.select().from(supportRequests).where(eq(supportRequests.customerId, other!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.openKey).toBe(`lost_address:${other!.id}:gone@example.com`);
    expect([a, b].map((r) => r.ok && r.requestId)).toEqual([rows[0]!.id, rows[0]!.id]);
    expect([a, b].filter((r) => r.ok && r.isNew)).toHaveLength(1);
    const mails = await t.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.dedupeKey, `lost-address:${rows[0]!.id}`));
    expect(mails).toHaveLength(1);
    const toSupport = await t.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.dedupeKey, `support-request:${rows[0]!.id}`));
    expect(toSupport).toHaveLength(1);
    // A later revisit with the same old address while it is open: the same request, nothing new.
    const again = await submit();
    expect(again).toEqual({ ok: true, requestId: rows[0]!.id, isNew: false });
    // Only one hit was counted: two more go through today (3 a day).
    for (const n of [1, 2])
      expect(
        (
          await requestLostAddress(
            t.db,
            other!.id,
            input({ oldEmail: `gone${n}@example.com`, orderNumbers: "X", locale: "en" }),
            MAIL_SETTINGS,
            at,
          )
        ).ok,
      ).toBe(true);
    // Once support decides it, the same address may be asked about again.
    await t.db.update(supportRequests).set({ status: "declined" }).where(eq(supportRequests.id, rows[0]!.id));
    const after = await submit();
    expect(after.ok && after.isNew).toBe(false); // rate limit: 3 already today
    const tomorrow = await requestLostAddress(
      t.db,
      other!.id,
      input({ oldEmail: "gone@example.com", orderNumbers: "ORD-2025-AAA111", locale: "en" }),
      MAIL_SETTINGS,
      new Date("2026-03-02T10:00:00Z"),
    );
    expect(tomorrow.ok && tomorrow.isNew).toBe(true);
  });

  it("files an open request with what support needs, an audit row and an acknowledgment to the signed-in address", async () => {
    const now = new Date("2026-02-10T09:00:00Z");
    const result = await requestLostAddress(
      t.db,
      customerId,
      input({
        oldEmail: " Old.Work@Example.com ",
        orderNumbers: "ord-2025-k7m2qx ORD-2024-ZZZ999",
        purchaseDate: "2025-03-14",
        amount: "49,95 EUR",
        message: "Old job address, closed.",
      }),
      MAIL_SETTINGS,
      now,
    );
    expect(result.ok).toBe(true);
    const [row] = await t.db.select().from(supportRequests).where(eq(supportRequests.customerId, customerId));
    expect(row).toMatchObject({ kind: "lost_address", status: "open", contactEmail: ME, orderId: null });
    expect(row!.details).toEqual({
      oldEmail: "old.work@example.com",
      orderNumbers: ["ORD-2025-K7M2QX", "ORD-2024-ZZZ999"],
      purchaseDate: "2025-03-14",
      amount: "49,95 EUR",
      message: "Old job address, closed.",
      requestedByCustomerId: customerId,
      requestedByEmail: ME,
      locale: "fr",
    });
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, row!.id));
    expect(audit).toMatchObject({
      actorType: "customer",
      actorId: customerId,
      action: "support.lost_address_requested",
      subjectType: "support_request",
    });
    const mails = await t.db
      .select()
      .from(mailOutbox)
      .where(inArray(mailOutbox.dedupeKey, [`lost-address:${row!.id}`, `support-request:${row!.id}`]));
    // Only the signed-in address hears about it (nothing goes to the old one), and support.
    expect(mails.map((m) => [m.to, m.template, m.locale]).sort()).toEqual([
      [MAIL_SETTINGS.supportEmail, "support-request", "en"],
      [ME, "lost-address", "fr"],
    ]);
    const ack = mails.find((m) => m.to === ME)!;
    expect(ack.text).toContain("old.work@example.com");
    expect(ack.text).toContain("ORD-2025-K7M2QX, ORD-2024-ZZZ999");
    expect(ack.text).toContain("14 mars 2025");
    const toSupport = mails.find((m) => m.to === MAIL_SETTINGS.supportEmail)!;
    expect(toSupport.subject).toContain(ME);
    expect(toSupport.text).toContain("old.work@example.com");
    expect(toSupport.text).toContain("Old job address, closed.");
    expect(toSupport.text).toContain(row!.id);
  });

  it("refuses the signed-in address itself and writes nothing", async () => {
    const before = await t.db.select().from(supportRequests);
    expect(
      await requestLostAddress(
        t.db,
        customerId,
        input({ oldEmail: ME.toUpperCase(), orderNumbers: "X" }),
        MAIL_SETTINGS,
      ),
    ).toEqual({ ok: false, code: "SAME_ADDRESS" });
    expect(await t.db.select().from(supportRequests)).toHaveLength(before.length);
  });

  it("takes 3 a day per customer, then refuses without writing or mailing", async () => {
    const day = (h: number) => new Date(Date.UTC(2026, 1, 11, h));
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await requestLostAddress(
            t.db,
            customerId,
            input({ oldEmail: `o${i}@example.com`, purchaseDate: "2024-01-01" }),
            MAIL_SETTINGS,
            day(i + 1),
          )
        ).ok,
      ).toBe(true);
    }
    const requests = (await t.db.select().from(supportRequests)).length;
    const mails = (await t.db.select().from(mailOutbox)).length;
    expect(
      await requestLostAddress(
        t.db,
        customerId,
        input({ oldEmail: "o4@example.com", purchaseDate: "2024-01-01" }),
        MAIL_SETTINGS,
        day(20),
      ),
    ).toEqual({ ok: false, code: "RATE_LIMITED" });
    expect(await t.db.select().from(supportRequests)).toHaveLength(requests);
    expect(await t.db.select().from(mailOutbox)).toHaveLength(mails);
    // The next day it goes again.
    expect(
      (
        await requestLostAddress(
          t.db,
          customerId,
          input({ oldEmail: "o5@example.com", purchaseDate: "2024-01-01" }),
          MAIL_SETTINGS,
          new Date(Date.UTC(2026, 1, 12, 1)),
        )
      ).ok,
    ).toBe(true);
  });
});
