"use server";

import { getDb } from "@/lib/db";
import { customerAction } from "@/lib/actions/define-action";
import { withNotice } from "@/lib/actions/notice";
import { mailSettings } from "@/lib/email/settings";
import { stripe } from "@/lib/stripe/client";
import { cancelSubscription } from "./cancel-subscription";
import { SUBSCRIPTION_CODES } from "./errors";
import { resumeSubscription } from "./resume-subscription";
import { ZCancelSubscription, ZResumeSubscription, ZUpdateCard } from "./schemas";
import { startCardUpdate } from "./update-card";

const plansPage = (locale: string, id: string, notice: "CANCELLED" | "RESUMED") =>
  withNotice(`/${locale}/subscriptions#plan-${id}`, notice, { plan: id });

/** "Cancel my plan": the reason, the comment, and the plan ends at the end of its period. */
export const cancelSubscriptionAction = customerAction({
  registry: SUBSCRIPTION_CODES,
  schema: ZCancelSubscription,
  async run(input, { locale, actor }) {
    const result = await cancelSubscription(await getDb(), actor.id, input, {
      stripe: stripe(),
      mail: mailSettings(),
    });
    return result.ok
      ? { ok: true, redirectTo: plansPage(locale, input.subscriptionId, "CANCELLED") }
      : result;
  },
});

/** "Resume this plan" on the plans page. */
export const resumeSubscriptionAction = customerAction({
  registry: SUBSCRIPTION_CODES,
  schema: ZResumeSubscription,
  async run(input, { locale, actor }) {
    const result = await resumeSubscription(await getDb(), actor.id, input.subscriptionId, {
      stripe: stripe(),
      mail: mailSettings(),
    });
    return result.ok ? { ok: true, redirectTo: plansPage(locale, input.subscriptionId, "RESUMED") } : result;
  },
});

/** "Update my card" on a plan whose renewal payment failed: off to Stripe's Checkout in setup mode. */
export const updateCardAction = customerAction({
  registry: SUBSCRIPTION_CODES,
  schema: ZUpdateCard,
  async run(input, { locale, actor }) {
    const result = await startCardUpdate(await getDb(), actor.id, input.subscriptionId, locale, {
      stripe: stripe(),
      mail: mailSettings(),
    });
    return result.ok ? { ok: true, redirectTo: result.url } : result;
  },
});
