"use server";

import { getDb } from "@/lib/db";
import { customerAction } from "@/lib/actions/define-action";
import { withNotice } from "@/lib/actions/notice";
import { mailSettings } from "@/lib/email/settings";
import { stripe } from "@/lib/stripe/client";
import { SWAP_CODES } from "./errors";
import { cancelPendingSwap, payPendingSwap } from "./pending-swap";
import { ZPendingSwap, ZStartSwap } from "./schemas";
import { startSwap } from "./start-swap";

/** The chosen item and target product. A dearer swap continues on Stripe's hosted Checkout. */
export const startSwapAction = customerAction({
  registry: SWAP_CODES,
  schema: ZStartSwap,
  fieldOf: {
    NOTHING_SELECTED: "targetProductId",
    TARGET_NOT_ALLOWED: "targetProductId",
    QUOTE_EXPIRED: "targetProductId",
  },
  async run(input, { locale, actor }) {
    const result = await startSwap(await getDb(), actor.id, input, {
      stripe: stripe(),
      mail: mailSettings(),
    });
    if (!result.ok) return result;
    const swapPage = `/${locale}/orders/${encodeURIComponent(input.orderNumber)}/swap/${result.swapId}`;
    return { ok: true, redirectTo: result.checkoutUrl ?? swapPage };
  },
});

const swapPath = (locale: string, orderNumber: string, swapId: string) =>
  `/${locale}/orders/${encodeURIComponent(orderNumber)}/swap/${swapId}`;

/** "Pay now": back to Stripe's page for the swap's difference (the same Checkout Session). */
export const payPendingSwapAction = customerAction({
  registry: SWAP_CODES,
  schema: ZPendingSwap,
  async run(input, { locale, actor }) {
    const result = await payPendingSwap(await getDb(), actor.id, input, { stripe: stripe() });
    if (!result.ok) return result;
    return { ok: true, redirectTo: result.checkoutUrl ?? swapPath(locale, input.orderNumber, input.swapId) };
  },
});

/** "Cancel this swap": Stripe's page closes, the item is free for another swap, the key never changed. */
export const cancelPendingSwapAction = customerAction({
  registry: SWAP_CODES,
  schema: ZPendingSwap,
  async run(input, { locale, actor }) {
    const result = await cancelPendingSwap(await getDb(), actor.id, input, { stripe: stripe() });
    if (!result.ok) return result;
    return {
      ok: true,
      redirectTo: withNotice(swapPath(locale, input.orderNumber, input.swapId), "CANCELLED"),
    };
  },
});
