import "server-only";
import { env } from "./env";

/** The vendor is a setting, not code: its name and support address come from the environment. */
export function vendor(): { name: string; supportEmail: string } {
  const e = env();
  return { name: e.vendorName, supportEmail: e.supportEmail };
}
