import { z } from "zod";
import { ZLocale } from "@/lib/auth/schemas";
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
  country: z
    .string(code("COUNTRY_REQUIRED"))
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, code("COUNTRY_REQUIRED")),
  vatId: z
    .string()
    .trim()
    .max(30, code("VAT_ID_INVALID"))
    .optional()
    .transform((v) => v || undefined),
});
export type TCorrectBillingInput = z.infer<typeof ZCorrectBilling>;
