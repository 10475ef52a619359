import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, customers } from "@/db/schema";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";
import { signInStaff } from "@/tests/staff-session";
import { AUDIT_PAGE_SIZE, exportAuditCsv, listAuditLog, ZAuditFilter } from "./audit-log";
import { NotStaffError, type TStaff } from "./staff-sign-in";

let t: TTestDatabase;
let staff: TStaff;
let ana: string;

beforeAll(async () => {
  t = await createTestDatabase();
  staff = await signInStaff(t.db);
  // The agent's own sign-in is audited (staff-sign-in.integration.test.ts checks those rows); this
  // file's rows follow.
  await t.db.delete(auditLog);
  const [c] = await t.db
    .insert(customers)
    .values({ email: "ana@example.com" })
    .returning({ id: customers.id });
  ana = c!.id;
  const at = (d: string) => new Date(`${d}T12:00:00Z`);
  await t.db.insert(auditLog).values([
    {
      actorType: "customer",
      actorId: ana,
      action: "refund.confirmed",
      subjectType: "refund",
      subjectId: "r-1",
      data: { customerId: ana },
      at: at("2026-11-02"),
    },
    {
      actorType: "staff",
      actorId: "agent@lumen.test",
      action: "licenses.resent",
      subjectType: "customer",
      subjectId: ana,
      data: { note: '=HYPERLINK("http://evil","x")', requestId: "req-9" },
      at: at("2026-11-10"),
    },
    {
      actorType: "stripe",
      actorId: null,
      action: "refund.synced",
      subjectType: "refund",
      subjectId: "r-2",
      data: {},
      at: at("2026-11-20"),
    },
    {
      // A sign-in asked for by an address with no account: found by that address.
      actorType: "system",
      actorId: null,
      action: "sign_in.requested",
      subjectType: "email",
      subjectId: "nobody@example.com",
      data: { result: "no_purchases" },
      at: at("2026-09-01"),
    },
    ...Array.from({ length: AUDIT_PAGE_SIZE }, (_, i) => ({
      actorType: "system" as const,
      actorId: "job",
      action: "mail.sent",
      subjectType: "mail",
      subjectId: `m-${i}`,
      data: {},
      at: at("2026-10-01"),
    })),
  ]);
});
afterAll(async () => {
  await t?.dispose();
});

const filter = (v: Record<string, string>) => ZAuditFilter.parse(v);
const actions = async (v: Record<string, string>) =>
  (await listAuditLog(t.db, staff, filter(v))).rows.map((r) => r.action);

describe("audit log viewer", () => {
  it("filters by actor, customer, action prefix and days; pages newest first", async () => {
    expect(await actions({ actorType: "staff" })).toEqual(["licenses.resent"]);
    expect(await actions({ actorType: "stripe", action: "refund" })).toEqual(["refund.synced"]);
    expect(await actions({ actor: "Agent@Lumen.test" })).toEqual(["licenses.resent"]);
    expect(await actions({ customer: "ana@example.com" })).toEqual(["licenses.resent", "refund.confirmed"]);
    expect(await actions({ customer: ana, action: "refund" })).toEqual(["refund.confirmed"]);
    expect(await actions({ customer: "nobody@example.com" })).toEqual(["sign_in.requested"]);
    expect(await actions({ customer: "nobody-else@example.com" })).toEqual([]);
    expect(await actions({ action: "refund." })).toEqual(["refund.synced", "refund.confirmed"]);
    expect(await actions({ action: "%" })).toEqual([]);
    expect(await actions({ from: "2026-11-10", to: "2026-11-20" })).toEqual([
      "refund.synced",
      "licenses.resent",
    ]);
    // Malformed filters are no filters, never an error.
    const first = await listAuditLog(t.db, staff, filter({ from: "yesterday", page: "x" }));
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.rows[0]!.action).toBe("refund.synced");
    expect(first.hasNext).toBe(true);
    const second = await listAuditLog(t.db, staff, filter({ page: "2" }));
    expect(second.rows).toHaveLength(4);
    expect(second.hasNext).toBe(false);
    const resent = (await listAuditLog(t.db, staff, filter({ action: "licenses" }))).rows[0]!;
    expect(resent).toMatchObject({
      note: '=HYPERLINK("http://evil","x")',
      requestId: "req-9",
      actorId: "agent@lumen.test",
    });
  });

  it("exports the filtered rows as CSV a spreadsheet cannot run", async () => {
    const csv = await exportAuditCsv(t.db, staff, filter({ customer: "ana@example.com" }));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^"at","actor_type","actor_id","actor_email","action"/);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(lines[1]).toContain('"req-9"');
    expect(lines[2]).toContain('"ana@example.com","refund.confirmed"');
  });

  it("refuses anyone but staff", async () => {
    for (const notStaff of [null, { id: ana, email: "ana@example.com" }, { email: "agent@lumen.test" }]) {
      await expect(listAuditLog(t.db, notStaff as unknown as TStaff, filter({}))).rejects.toThrow(
        NotStaffError,
      );
      await expect(exportAuditCsv(t.db, notStaff as unknown as TStaff, filter({}))).rejects.toThrow(
        NotStaffError,
      );
    }
  });
});
