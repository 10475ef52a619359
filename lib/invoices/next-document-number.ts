import "server-only";
import { sql, type SQL } from "drizzle-orm";
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

/**
 * The same next number, taken inside the statement that stores the document: `tx.with(cte)`
 * on the insert, and `number` as the value of its number column. Every issuer of a sequence
 * waits for the counter row from the moment it takes a number until its transaction ends, so a
 * transaction that issues its document in its last statements (this one, the commit) holds it
 * for one round trip instead of two plus whatever it did after taking the number.
 */
export function nextDocumentNumberCte(
  tx: TTx,
  prefix: "INV" | "CN",
  year: number,
): { cte: ReturnType<typeof numberCte>; number: SQL<string> } {
  const cte = numberCte(tx, `${prefix}-${year}`);
  return { cte, number: sql<string>`(select "number" from ${cte})` };
}

function numberCte(tx: TTx, name: string) {
  // The counter left-padded to 6 digits, never cut (lpad would cut a 7th digit).
  return tx.$with("next_document_number", { number: sql<string>`"number"` }).as(sql`
    insert into ${documentSequences} ("name", "last_value") values (${name}, 1)
    on conflict ("name") do update set "last_value" = ${documentSequences.lastValue} + 1
    returning ${name}::text || '-' || repeat('0', greatest(0, 6 - length("last_value"::text))) || "last_value"::text as "number"`);
}
