import { z } from "zod";
import { ZLocale } from "@/lib/auth/schemas";
import type { TLostAddressCode } from "./errors";

const code = (c: TLostAddressCode) => c;

export const LOST_ADDRESS_MESSAGE_MAX = 2000;
const MAX_ORDER_NUMBERS = 10;

/** Order numbers as typed: separated by spaces, commas or semicolons; upper-cased; duplicates dropped. */
export function splitOrderNumbers(input: string): string[] {
  return [
    ...new Set(
      input
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map((n) => n.toUpperCase()),
    ),
  ];
}

const isPastDate = (value: string) => {
  const d = new Date(`${value}T00:00:00Z`);
  // One day of slack: "today" in the customer's time zone may already be tomorrow in UTC.
  return !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 2000 && d.getTime() <= Date.now() + 86_400_000;
};

/**
 * "I lost access to my old address": what support needs to find the purchases.
 * Order numbers, or else the approximate date, are required; the rest is optional.
 */
export const ZLostAddress = z
  .object({
    oldEmail: z
      .string(code("EMAIL_INVALID"))
      .trim()
      .max(254, code("EMAIL_INVALID"))
      .pipe(z.email(code("EMAIL_INVALID"))),
    orderNumbers: z
      .string()
      .trim()
      .max(400, code("ORDER_NUMBERS_INVALID"))
      .transform(splitOrderNumbers)
      .pipe(
        z
          .array(z.string().max(40, code("ORDER_NUMBERS_INVALID")))
          .max(MAX_ORDER_NUMBERS, code("ORDER_NUMBERS_INVALID")),
      ),
    purchaseDate: z
      .union([z.literal(""), z.iso.date(code("DATE_INVALID")).refine(isPastDate, code("DATE_INVALID"))])
      .transform((v) => v || null),
    amount: z
      .string()
      .trim()
      .max(40, code("AMOUNT_INVALID"))
      .transform((v) => v || null),
    message: z
      .string()
      .trim()
      .max(LOST_ADDRESS_MESSAGE_MAX, code("MESSAGE_TOO_LONG"))
      .transform((v) => v || null),
    locale: ZLocale,
  })
  .refine((v) => v.orderNumbers.length > 0 || v.purchaseDate !== null, {
    message: code("DETAILS_MISSING"),
    path: ["orderNumbers"],
  });
export type TLostAddress = z.infer<typeof ZLostAddress>;
