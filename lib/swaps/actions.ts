"use server";

import { getDb } from "@/db/client";
import { customerAction } from "@/lib/actions/define-action";
import { mailSettings } from "@/lib/email/settings";
import { stripe } from "@/lib/stripe/client";
import { SWAP_CODES } from "./errors";
import { ZStartSwap } from "./schemas";
import { startSwap } from "./start-swap";

/** The chosen item and target product. A dearer swap continues on Stripe's hosted Checkout. */
export const startSwapAction = customerAction({
  registry: SWAP_CODES,
  schema: ZStartSwap,
  fieldOf: { NOTHING_SELECTED: "targetProductId", TARGET_NOT_ALLOWED: "targetProductId" },
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
