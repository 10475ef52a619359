import { randomInt } from "node:crypto";
import { KEY_ALPHABET } from "@/lib/licenses/license-key";

/**
 * A human-readable order number, "ORD-2026-7K4M9Q": the year of purchase and
 * six unambiguous random characters (about 30 bits; the unique index catches
 * the rare collision and the caller draws again).
 */
export function generateOrderNumber(paidAt: Date): string {
  let suffix = "";
  for (let i = 0; i < 6; i++) suffix += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return `ORD-${paidAt.getUTCFullYear()}-${suffix}`;
}

export const ORDER_NUMBER_PATTERN = /^ORD-\d{4}-[A-Z0-9]{6}$/;
