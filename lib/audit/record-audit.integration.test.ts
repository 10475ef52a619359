import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";
import { idsOf, recordAudit } from "./record-audit";

let t: TTestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.dispose();
});

it("writes the row with the request id and the client address", async () => {
  await recordAudit(
    t.db,
    {
      actorType: "customer",
      actorId: "00000000-0000-4000-8000-000000000001",
      action: "access.refused",
      subjectType: "refund",
      subjectId: "form",
      data: { ids: idsOf({ refundId: "r-1", reasonText: "private words", orderNumber: "ORD-2026-ABCDEF" }) },
    },
    { requestId: "req-1", clientAddress: "203.0.113.7" },
  );
  const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, "access.refused"));
  expect(row!.data).toEqual({
    ids: { refundId: "r-1", orderNumber: "ORD-2026-ABCDEF" },
    requestId: "req-1",
    clientAddress: "203.0.113.7",
  });
});
