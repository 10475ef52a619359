import { z } from "zod";
import { ZLocale } from "@/lib/auth/schemas";
import { isCountryCode } from "@/lib/i18n/countries";
import type { TBillingCode } from "./errors";

const code = (c: TBillingCode) => c;

/** The buyer's details as typed on the order page; the VAT ID is checked per country by the operation. */
export const ZCorrectBilling = z.object({
  locale: ZLocale,
  orderNumber: z.string().regex(/^ORD-\d{4}-[A-Z0-9]{6}$/),
  companyName: z
    .string()
    .trim()
    .max(200, code("COMPANY_TOO_LONG"))
    .optional()
    .transform((v) => v || undefined),
  address: z
    .string()
    .trim()
    .max(500, code("ADDRESS_TOO_LONG"))
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(200, code("ADDRESS_TOO_LONG"))).max(6, code("ADDRESS_TOO_LONG"))),
  // An ISO 3166-1 alpha-2 code from the form's list (a forged or stale value is refused beside the field).
  country: z
    .string(code("COUNTRY_REQUIRED"))
    .trim()
    .toUpperCase()
    .refine(isCountryCode, code("COUNTRY_REQUIRED")),
  vatId: z
    .string()
    .trim()
    .max(30, code("VAT_ID_INVALID"))
    .optional()
    .transform((v) => v || undefined),
});
export type TCorrectBillingInput = z.infer<typeof ZCorrectBilling>;
