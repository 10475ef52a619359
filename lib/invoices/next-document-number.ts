import "server-only";
import { sql } from "drizzle-orm";
import type { TTx } from "@/db/open";
import { documentSequences } from "@/db/schema";

/**
 * The next number of an unbroken sequence ("CN-2026-000042"). The counter row
 * stays locked until the caller's transaction ends, and a rollback undoes the
 * increment: no gaps, no duplicates, across instances.
 */
export async function nextDocumentNumber(tx: TTx, prefix: "INV" | "CN", year: number): Promise<string> {
  const name = `${prefix}-${year}`;
  const [row] = await tx
    .insert(documentSequences)
    .values({ name, lastValue: 1 })
    .onConflictDoUpdate({
      target: documentSequences.name,
      set: { lastValue: sql`${documentSequences.lastValue} + 1` },
    })
    .returning({ value: documentSequences.lastValue });
  return `${name}-${String(row!.value).padStart(6, "0")}`;
}
