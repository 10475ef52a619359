import "server-only";
import { sql } from "drizzle-orm";
import { getDatabase } from "@/lib/db";

export async function checkHealth(): Promise<{ ok: boolean; database: "up" | "down"; driver?: string }> {
  try {
    const { db, driver } = await getDatabase();
    await db.execute(sql`SELECT 1`);
    return { ok: true, database: "up", driver };
  } catch (error) {
    console.error("health: database check failed", error);
    return { ok: false, database: "down" };
  }
}
