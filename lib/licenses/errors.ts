import { codeRegistry, type TCodeOf } from "@/lib/actions/codes";

/** Licenses' codes: `licenses.errors.<CODE>`, `licenses.notices.<CODE>`. */
export const LICENSE_CODES = codeRegistry(
  "licenses",
  ["RATE_LIMITED", "NO_ACTIVE_KEYS"],
  ["KEYS_SENT", "KEY_REGENERATED"],
);
export type TLicenseCode = TCodeOf<typeof LICENSE_CODES>;
