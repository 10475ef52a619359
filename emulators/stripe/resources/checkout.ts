// Checkout Sessions: create (payment and subscription mode), retrieve, list, line items, expire.
import type Stripe from "stripe";
import type { Core } from "../core";
import { invalidParam, invalidRequest, missingParam, resourceMissing } from "../errors";
import { expand } from "../expand";
import { newId } from "../ids";
import { createdFilter, paginate } from "../list";
import { applyMetadata, type Params } from "../params";
import type { Router } from "../router";
import { lineTaxes } from "../tax";
import { getCustomer } from "./customers";
import { buildPrice, getPrice, readPriceFields, storePrice } from "./prices";
import { createProduct, getProduct } from "./products";
import { readTaxRates } from "./tax-rates";
import { productName } from "./subscriptions";

export function getSession(core: Core, id: string, param = "id"): Stripe.Checkout.Session {
  const s = core.state.checkoutSessions[id];
  if (!s) throw resourceMissing("checkout.session", id, param);
  return s;
}

export function sessionUrl(core: Core, id: string): string {
  return `${core.config.publicUrl}/c/pay/${id}`;
}

export function expireSession(core: Core, s: Stripe.Checkout.Session): void {
  s.status = "expired";
  s.url = null;
  core.emit("checkout.session.expired", s);
  core.changed();
}

function readUrl(p: Params, key: string): string | null {
  const v = p.str(key);
  if (v === undefined || v === "") return null;
  try {
    const u = new URL(v.replace("{CHECKOUT_SESSION_ID}", "x"));
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
  } catch {
    throw invalidParam("Not a valid URL", key, "url_invalid");
  }
  return v;
}

type ReadLines = {
  /** Stores what the line items made inline (`price_data`): call once the session is valid. */
  commit: () => void;
  lines: Stripe.LineItem[];
  ownRates: Record<string, string[]>;
  taxes: Record<string, Stripe.LineItem.Tax[]>;
};

/** Line items with their taxes: `line_items[i][tax_rates]`, else the subscription's default rates. */
function readLineItems(core: Core, p: Params, mode: string, defaultRates: Stripe.TaxRate[]): ReadLines {
  const items = p.objArray("line_items");
  if (!items || items.length === 0) throw missingParam("line_items");
  const ownRates: ReadLines["ownRates"] = {};
  const taxes: ReadLines["taxes"] = {};
  const commits: (() => void)[] = [];
  const lines = items.map((ip) => {
    const inline = ip.obj("price_data");
    if (inline && ip.has("price"))
      throw invalidParam(
        `You may only specify one of these parameters: ${ip.name("price")}, ${ip.name("price_data")}.`,
        ip.name("price"),
      );
    if (inline) {
      const { price, productName: name, store } = inlinePrice(core, inline);
      commits.push(store);
      return line(price, name);
    }
    const price = getPrice(core, ip.reqStr("price"), ip.name("price"));
    if (!price.active)
      throw invalidRequest(`The price \`${price.id}\` is not active and cannot be used.`, {
        param: ip.name("price"),
      });
    return line(price);

    function line(price: Stripe.Price, name = productName(core, price)): Stripe.LineItem {
      const quantity = ip.posInt("quantity");
      if (quantity === undefined) throw missingParam(ip.name("quantity"));
      const amount = (price.unit_amount ?? 0) * quantity;
      const own = readTaxRates(core, ip, "tax_rates") ?? [];
      const tax = lineTaxes(amount, own.length ? own : defaultRates);
      const line: Stripe.LineItem = {
        id: newId("li"),
        object: "item",
        adjustable_quantity: null,
        amount_discount: 0,
        amount_subtotal: amount,
        amount_tax: tax.exclusive + tax.inclusive,
        amount_total: amount + tax.exclusive,
        currency: price.currency,
        description: name,
        metadata: {},
        price: structuredClone(price),
        quantity,
      };
      ownRates[line.id] = own.map((r) => r.id);
      taxes[line.id] = tax.taxes.map((t) => ({
        amount: t.amount,
        rate: t.rate,
        taxability_reason: null,
        taxable_amount: t.taxableAmount,
      }));
      return line;
    }
  });
  const currencies = new Set(lines.map((l) => l.currency));
  if (currencies.size > 1)
    throw invalidRequest("All prices must use the same currency.", { param: "line_items" });
  const recurring = lines.filter((l) => l.price?.type === "recurring");
  if (mode === "payment" && recurring.length) {
    throw invalidRequest(
      "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
      { param: "line_items" },
    );
  }
  if (mode === "subscription") {
    if (!recurring.length)
      throw invalidRequest(
        "You must provide at least one recurring price in `subscription` mode when using prices.",
        { param: "line_items" },
      );
    const first = recurring[0]?.price?.recurring;
    if (
      recurring.some(
        (l) =>
          l.price?.recurring?.interval !== first?.interval ||
          l.price?.recurring?.interval_count !== first?.interval_count,
      )
    ) {
      throw invalidRequest("Checkout does not support multiple prices with different billing intervals.", {
        param: "line_items",
      });
    }
  }
  return { lines, ownRates, taxes, commit: () => commits.forEach((c) => c()) };
}

/**
 * `line_items[i][price_data]`: a one-off Price (and with `product_data` a Product) made for this session,
 * `active: false` so it stays out of the catalog; stored once the whole session is valid.
 */
function inlinePrice(
  core: Core,
  pd: Params,
): { price: Stripe.Price; productName: string; store: () => void } {
  const fields = readPriceFields(pd);
  const productId = pd.str("product");
  const productData = pd.obj("product_data");
  if (productId && productData)
    throw invalidParam(
      `You may only specify one of these parameters: ${pd.name("product")}, ${pd.name("product_data")}.`,
      pd.name("product"),
    );
  if (!productId && !productData) throw missingParam(pd.name("product"));
  if (productId) getProduct(core, productId, pd.name("product"));
  const newProduct = productData
    ? {
        id: newId("prod", 14),
        name: productData.reqStr("name"),
        description: productData.str("description") ?? null,
        metadata: applyMetadata({}, productData.metadata()),
        active: false,
      }
    : null;
  const price = buildPrice(core, { ...fields, product: productId ?? newProduct?.id ?? "", active: false });
  return {
    price,
    productName: newProduct?.name ?? productName(core, price),
    store: () => {
      if (newProduct) createProduct(core, newProduct);
      storePrice(core, price);
    },
  };
}

/** The countries whose bank details an EU bank transfer can show (Stripe's list). */
const EU_BANK_TRANSFER_COUNTRIES = ["BE", "DE", "ES", "FR", "IE", "NL"] as const;

/**
 * `payment_method_options[customer_balance]` for a bank transfer: only EU transfers (funding type
 * `bank_transfer`, type `eu_bank_transfer` with its country) for a payment in euros.
 */
function readBankTransferOptions(
  p: Params,
  mode: string,
  currency: string | undefined,
): Stripe.Checkout.Session.PaymentMethodOptions.CustomerBalance | null {
  const cb = p.obj("payment_method_options")?.obj("customer_balance");
  if (!cb) return null;
  const funding = cb.enumStr("funding_type", ["bank_transfer"] as const);
  if (!funding) throw missingParam("payment_method_options[customer_balance][funding_type]");
  const bt = cb.obj("bank_transfer");
  const type = bt?.enumStr("type", ["eu_bank_transfer"] as const);
  if (!bt || !type) throw missingParam("payment_method_options[customer_balance][bank_transfer][type]");
  const country = bt.obj("eu_bank_transfer")?.enumStr("country", EU_BANK_TRANSFER_COUNTRIES);
  if (!country)
    throw missingParam("payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]");
  if (mode !== "payment" || (currency && currency !== "eur"))
    throw invalidParam(
      "An EU bank transfer can only be used for a payment in eur.",
      "payment_method_options[customer_balance]",
    );
  return {
    bank_transfer: { eu_bank_transfer: { country }, requested_address_types: ["iban"], type },
    funding_type: funding,
    setup_future_usage: undefined,
  } as Stripe.Checkout.Session.PaymentMethodOptions.CustomerBalance;
}

function createSession(core: Core, p: Params): Stripe.Checkout.Session {
  const mode = p.enumStr("mode", ["payment", "setup", "subscription"] as const);
  if (!mode) throw missingParam("mode");
  if (mode === "setup") return createSetupSession(core, p);
  const uiMode = p.str("ui_mode");
  if (uiMode && uiMode !== "hosted_page" && uiMode !== "hosted")
    throw invalidParam("The emulator only supports the hosted Checkout page.", "ui_mode");
  const now = core.now();
  const sd = p.obj("subscription_data");
  const defaultRates =
    (mode === "subscription" ? sd && readTaxRates(core, sd, "default_tax_rates") : undefined) ?? [];
  const { lines, ownRates, taxes, commit } = readLineItems(core, p, mode, defaultRates);
  const sessionCurrency = lines[0]?.currency;
  const explicitTypes = p.strArray("payment_method_types");
  if (explicitTypes?.includes("sepa_debit") && sessionCurrency && sessionCurrency !== "eur")
    throw invalidParam(
      `Invalid currency options \`${sessionCurrency}\`. The payment method \`sepa_debit\` only supports the following currencies: \`eur\`.`,
      "payment_method_types",
    );
  const bankTransfer = readBankTransferOptions(p, mode, sessionCurrency);
  if (explicitTypes?.includes("customer_balance") && !bankTransfer)
    throw invalidParam(
      "`payment_method_options[customer_balance][funding_type]` is required when `customer_balance` is one of the `payment_method_types`.",
      "payment_method_options[customer_balance][funding_type]",
    );
  // Dynamic payment methods (the pinned API version's default): those the account enables that
  // suit the session (the emulator's account: card, and SEPA Direct Debit for a payment in
  // euros; a bank transfer when the session sets its options), filtered by
  // `allowed_payment_method_types`; the legacy explicit list wins.
  const allowedTypes = p.strArray("allowed_payment_method_types") ?? null;
  const dynamicTypes =
    mode === "payment" && sessionCurrency === "eur"
      ? ["card", "sepa_debit", ...(bankTransfer ? ["customer_balance"] : [])]
      : ["card"];
  const paymentMethodTypes =
    explicitTypes ?? (allowedTypes ? dynamicTypes.filter((x) => allowedTypes.includes(x)) : dynamicTypes);
  if (paymentMethodTypes.length === 0)
    throw invalidParam(
      "None of the payment method types in `allowed_payment_method_types` can be used with this Checkout Session.",
      "allowed_payment_method_types",
    );
  const customerId = p.str("customer");
  const customerEmail = p.email("customer_email");
  if (customerId && customerEmail)
    throw invalidParam("You may only specify one of these parameters: customer, customer_email.", "customer");
  const customer = customerId ? getCustomer(core, customerId, "customer") : null;
  if (
    mode === "subscription" &&
    (p.has("payment_intent_data") || p.has("customer_creation") || p.has("invoice_creation"))
  ) {
    const bad = ["payment_intent_data", "customer_creation", "invoice_creation"].find((k) => p.has(k)) ?? "";
    throw invalidParam(`You can not pass \`${bad}\` in \`subscription\` mode.`, bad);
  }
  if (mode === "payment" && p.has("subscription_data"))
    throw invalidParam("You can not pass `subscription_data` in `payment` mode.", "subscription_data");
  const expiresAt = p.int("expires_at") ?? now + 86_400;
  if (expiresAt < now + 1800)
    throw invalidParam(
      "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
      "expires_at",
    );
  if (expiresAt > now + 86_400)
    throw invalidParam(
      "The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.",
      "expires_at",
    );
  const clientRef = p.str("client_reference_id") ?? null;
  if (clientRef && clientRef.length > 200)
    throw invalidParam("client_reference_id must be at most 200 characters.", "client_reference_id");
  const pid = p.obj("payment_intent_data");
  const at = p.obj("automatic_tax");
  const taxEnabled = at?.bool("enabled") ?? false;
  const invoiceCreation = p.obj("invoice_creation")?.bool("enabled") ?? false;
  const customerCreation = p.enumStr("customer_creation", ["always", "if_required"] as const) ?? null;
  const subtotal = lines.reduce((s, l) => s + l.amount_subtotal, 0);
  const totalTax = lines.reduce((s, l) => s + l.amount_tax, 0);
  const id = newId("cs_test", 58);
  const session: Stripe.Checkout.Session = {
    id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: p.bool("allow_promotion_codes") ?? null,
    allowed_payment_method_types: allowedTypes,
    amount_subtotal: subtotal,
    amount_total: lines.reduce((s, l) => s + l.amount_total, 0),
    automatic_tax: {
      enabled: taxEnabled,
      liability: taxEnabled ? { type: "self" } : null,
      provider: taxEnabled ? "stripe" : null,
      status: taxEnabled ? "complete" : null,
    },
    billing_address_collection:
      p.enumStr("billing_address_collection", ["auto", "required"] as const) ?? null,
    cancel_url: readUrl(p, "cancel_url"),
    client_reference_id: clientRef,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency: lines[0]?.currency ?? null,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: customer?.id ?? null,
    customer_account: null,
    customer_creation: mode === "payment" ? (customerCreation ?? "if_required") : null,
    customer_details: customer
      ? {
          address: customer.address ?? null,
          business_name: null,
          email: customer.email,
          individual_name: null,
          name: customer.name ?? null,
          phone: null,
          tax_exempt: "none",
          tax_ids: [],
        }
      : null,
    customer_email: customerEmail ?? null,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation:
      mode === "payment"
        ? {
            enabled: invoiceCreation,
            invoice_data: {
              account_tax_ids: null,
              custom_fields: null,
              description: null,
              footer: null,
              issuer: null,
              metadata: {},
              rendering_options: null,
            },
          }
        : null,
    livemode: false,
    locale: (p.str("locale") as Stripe.Checkout.Session.Locale | undefined) ?? null,
    managed_payments: null,
    metadata: applyMetadata({}, p.metadata()),
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: mode === "subscription" ? "always" : null,
    payment_method_configuration_details: null,
    payment_method_options: bankTransfer
      ? ({ customer_balance: bankTransfer } as Stripe.Checkout.Session.PaymentMethodOptions)
      : {},
    payment_method_types: paymentMethodTypes,
    payment_status: "unpaid",
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: readUrl(p, "success_url"),
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: totalTax },
    ui_mode: "hosted_page",
    url: sessionUrl(core, id),
    wallet_options: null,
  };
  commit();
  core.state.checkoutSessions[id] = session;
  core.state.sessionLineItems[id] = lines;
  Object.assign(core.state.lineItemTaxes, taxes);
  core.state.sessionOptions[id] = {
    paymentIntentData: {
      metadata: applyMetadata({}, pid?.metadata()),
      description: pid?.str("description") ?? null,
    },
    subscriptionData: {
      metadata: applyMetadata({}, sd?.metadata()),
      description: sd?.str("description") ?? null,
      defaultTaxRates: defaultRates.map((r) => r.id),
    },
    lineTaxRates: ownRates,
    customerCreation,
    paymentMethodTypesSet: p.has("payment_method_types"),
  };
  core.changed();
  return session;
}

/**
 * A setup-mode session: collects a payment method for later (a SetupIntent), charges nothing. Used
 * to update the card of a subscription (`setup_intent_data[metadata]` names it).
 */
function createSetupSession(core: Core, p: Params): Stripe.Checkout.Session {
  for (const bad of [
    "line_items",
    "subscription_data",
    "payment_intent_data",
    "invoice_creation",
    "customer_creation",
  ])
    if (p.has(bad)) throw invalidParam(`You can not pass \`${bad}\` in \`setup\` mode.`, bad);
  const types = p.strArray("payment_method_types");
  const currency = p.str("currency")?.toLowerCase();
  if (!types && !currency)
    throw invalidParam(
      "You must specify either `currency` or `payment_method_types` when using `setup` mode.",
      "currency",
    );
  const customerId = p.str("customer");
  const customer = customerId ? getCustomer(core, customerId, "customer") : null;
  const now = core.now();
  const sid = p.obj("setup_intent_data");
  const expiresAt = p.int("expires_at") ?? now + 86_400;
  const id = newId("cs_test", 58);
  const session: Stripe.Checkout.Session = {
    id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: null,
    amount_total: null,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: readUrl(p, "cancel_url"),
    client_reference_id: p.str("client_reference_id") ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency: currency ?? null,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: customer?.id ?? null,
    customer_account: null,
    customer_creation: null,
    customer_details: customer ? customerDetails(customer) : null,
    customer_email: p.email("customer_email") || null,
    discounts: null,
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: (p.str("locale") as Stripe.Checkout.Session.Locale | undefined) ?? null,
    managed_payments: null,
    metadata: applyMetadata({}, p.metadata()),
    mode: "setup",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: types ?? ["card"],
    payment_status: "no_payment_required",
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: readUrl(p, "success_url"),
    total_details: null,
    ui_mode: "hosted_page",
    url: sessionUrl(core, id),
    wallet_options: null,
  };
  core.state.checkoutSessions[session.id] = session;
  core.state.sessionLineItems[session.id] = [];
  core.state.sessionOptions[session.id] = {
    paymentIntentData: { metadata: {}, description: null },
    subscriptionData: { metadata: {}, description: null },
    setupIntentData: {
      metadata: applyMetadata({}, sid?.metadata()),
      description: sid?.str("description") ?? null,
    },
    customerCreation: null,
    paymentMethodTypesSet: types !== undefined,
  };
  core.changed();
  return session;
}

function customerDetails(customer: Stripe.Customer): Stripe.Checkout.Session.CustomerDetails {
  return {
    address: customer.address ?? null,
    business_name: null,
    email: customer.email,
    individual_name: null,
    name: customer.name ?? null,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
}

export function registerCheckout(router: Router): void {
  router.post("/v1/checkout/sessions", ({ core, params: p }) =>
    expand(core, createSession(core, p), p.expand()),
  );

  router.get("/v1/checkout/sessions/:id", ({ core, params: p, path }) =>
    expand(core, getSession(core, path.id ?? ""), p.expand()),
  );

  router.get("/v1/checkout/sessions/:id/line_items", ({ core, params: p, path }) => {
    const s = getSession(core, path.id ?? "");
    return paginate(
      core,
      core.state.sessionLineItems[s.id] ?? [],
      p,
      `/v1/checkout/sessions/${s.id}/line_items`,
      true,
    );
  });

  router.post("/v1/checkout/sessions/:id/expire", ({ core, params: p, path }) => {
    const s = getSession(core, path.id ?? "");
    if (s.status !== "open") {
      throw invalidRequest(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
        { param: "session" },
      );
    }
    expireSession(core, s);
    return expand(core, s, p.expand());
  });

  router.get("/v1/checkout/sessions", ({ core, params: p }) => {
    const pi = p.str("payment_intent");
    const sub = p.str("subscription");
    const customer = p.str("customer");
    const status = p.str("status");
    const created = createdFilter(p);
    const items = Object.values(core.state.checkoutSessions).filter(
      (s) =>
        (pi === undefined || s.payment_intent === pi) &&
        (sub === undefined || s.subscription === sub) &&
        (customer === undefined || s.customer === customer) &&
        (status === undefined || s.status === status) &&
        created(s.created),
    );
    return paginate(core, items, p, "/v1/checkout/sessions");
  });
}
