// Once before the instance tests' files (which run side by side): the production build they start.
import { ensureBuild } from "@/scripts/lib/build";

export default async function setup(): Promise<void> {
  // Without PostgreSQL the files skip (or fail in CI) by themselves; no build is needed for that.
  if (process.env.TEST_DATABASE_URL) await ensureBuild();
}
