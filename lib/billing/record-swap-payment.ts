import "server-only";
import { eq } from "drizzle-orm";
import type { TTx } from "@/db/open";
import { orderItems, swaps } from "@/db/schema";
import type { TMailSettings } from "@/lib/email/templates/types";
import { recordPayment } from "./record-payment";

/** A swap's difference, paid through Checkout, joins its order's ledger (once). */
export async function recordSwapPayment(
  tx: TTx,
  swapId: string,
  stripe: {
    checkoutSessionId: string;
    paymentIntentId: string | null;
    chargeId: string | null;
    paidAt: Date;
  },
  mail: TMailSettings,
): Promise<Awaited<ReturnType<typeof recordPayment>> | null> {
  const [swap] = await tx
    .select({
      orderId: orderItems.orderId,
      status: swaps.status,
      difference: swaps.difference,
      differenceTax: swaps.differenceTax,
      currency: swaps.currency,
    })
    .from(swaps)
    .innerJoin(orderItems, eq(orderItems.id, swaps.orderItemId))
    .where(eq(swaps.id, swapId));
  if (!swap || swap.status !== "completed" || swap.difference <= 0) return null;
  return recordPayment(
    tx,
    {
      orderId: swap.orderId,
      kind: "swap_difference",
      currency: swap.currency,
      amount: swap.difference,
      tax: Math.max(0, Math.min(swap.differenceTax, swap.difference)),
      swapId,
      stripeCheckoutSessionId: stripe.checkoutSessionId,
      stripePaymentIntentId: stripe.paymentIntentId,
      stripeChargeId: stripe.chargeId,
      paidAt: stripe.paidAt,
    },
    mail,
  );
}
