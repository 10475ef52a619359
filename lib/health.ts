import "server-only";
import { sql } from "drizzle-orm";
import { getDatabase } from "@/lib/db";
import { logger } from "@/lib/log/logger";

export async function checkHealth(): Promise<{ ok: boolean; database: "up" | "down"; driver?: string }> {
  try {
    const { db, driver } = await getDatabase();
    await db.execute(sql`SELECT 1`);
    return { ok: true, database: "up", driver };
  } catch (error) {
    logger().error({ err: error }, "health: database check failed");
    return { ok: false, database: "down" };
  }
}
