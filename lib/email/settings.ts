import "server-only";
import { env } from "@/lib/env";
import type { TMailSettings } from "./templates/types";

/** What every mail needs, from the settings. */
export function mailSettings(): TMailSettings {
  const e = env();
  return { vendorName: e.vendorName, supportEmail: e.supportEmail, portalUrl: e.authUrl, seller: e.seller };
}
