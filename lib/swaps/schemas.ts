import { z } from "zod";
import { ZLocale } from "@/lib/auth/schemas";
import type { TSwapCode } from "./errors";

const code = (c: TSwapCode) => c;
const orderNumber = z.string().regex(/^ORD-\d{4}-[A-Z0-9]{6}$/);

/** Ids only: the target's price and every amount are computed on the server. */
export const ZStartSwap = z.object({
  locale: ZLocale,
  orderNumber,
  itemId: z.uuid(),
  targetProductId: z.uuid(code("NOTHING_SELECTED")),
  /** A yearly plan: the moment its prorated amount was shown (Unix seconds), the moment it is prorated from. */
  prorationDate: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number)
    .optional(),
});
export type TStartSwap = z.infer<typeof ZStartSwap>;

/** "Pay now" or "cancel this swap" for a swap waiting for its payment. */
export const ZPendingSwap = z.object({
  locale: ZLocale,
  orderNumber,
  swapId: z.uuid(),
});
