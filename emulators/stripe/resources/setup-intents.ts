// Setup intents: made by a setup-mode Checkout Session (a card saved for later, nothing charged); retrieve.
import type Stripe from "stripe";
import type { Core } from "../core";
import { resourceMissing } from "../errors";
import { expand } from "../expand";
import { newId } from "../ids";
import type { Router } from "../router";

/** A succeeded setup intent for a payment method just collected (on the customer, if any). */
export function createSucceededSetupIntent(
  core: Core,
  req: {
    customer: string | null;
    paymentMethod: Stripe.PaymentMethod;
    metadata: Record<string, string>;
    description: string | null;
  },
): Stripe.SetupIntent {
  const id = newId("seti");
  const si = {
    id,
    object: "setup_intent",
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${newId("x", 24).slice(2)}`,
    created: core.now(),
    customer: req.customer,
    customer_account: null,
    description: req.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: req.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: req.paymentMethod.id,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: "automatic" },
    },
    payment_method_types: [req.paymentMethod.type],
    single_use_mandate: null,
    status: "succeeded",
    usage: "off_session",
  } as Stripe.SetupIntent;
  core.state.setupIntents[id] = si;
  core.emit("setup_intent.created", si);
  if (req.customer) core.emit("payment_method.attached", req.paymentMethod);
  core.emit("setup_intent.succeeded", si);
  return si;
}

export function registerSetupIntents(router: Router): void {
  router.get("/v1/setup_intents/:id", ({ core, params: p, path }) => {
    const si = core.state.setupIntents[path.id ?? ""];
    if (!si) throw resourceMissing("setup_intent", path.id ?? "");
    return expand(core, si, p.expand());
  });
}
