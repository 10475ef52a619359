import { z } from "zod";
import { zList } from "@/lib/actions/zod-form";
import { ZLocale } from "@/lib/auth/schemas";
import type { TRefundCode } from "./errors";
import { REFUND_REASONS } from "./refund-policy";

const code = (c: TRefundCode) => c;
const orderNumber = z.string().regex(/^ORD-\d{4}-[A-Z0-9]{6}$/);

/** Step 1: which items, and why. Ids only: amounts are always computed on the server. */
export const ZRequestRefund = z.object({
  locale: ZLocale,
  orderNumber,
  itemIds: zList(z.uuid()).pipe(z.array(z.uuid()).min(1, code("NOTHING_SELECTED")).max(100)),
  reason: z.enum(REFUND_REASONS, code("REASON_REQUIRED")),
  reasonText: z.string().trim().max(1000, code("REASON_TOO_LONG")).optional(),
});
export type TRequestRefund = z.infer<typeof ZRequestRefund>;

export const ZConfirmRefund = z.object({ locale: ZLocale, orderNumber, refundId: z.uuid() });

/** Past the window: a request to support, reason required. */
export const ZRefundException = z.object({
  locale: ZLocale,
  orderNumber,
  reason: z.enum(REFUND_REASONS, code("REASON_REQUIRED")),
  reasonText: z
    .string(code("EXPLANATION_REQUIRED"))
    .trim()
    .min(1, code("EXPLANATION_REQUIRED"))
    .max(1000, code("REASON_TOO_LONG")),
});
