// In-memory state of the emulator, persisted as JSON (loaded on start, saved debounced and on close).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type Stripe from "stripe";

export type IdempotencyRecord = {
  key: string;
  method: string;
  path: string;
  params: string;
  status: number;
  body: string;
  requestId: string;
  created: number;
};

export type Delivery = {
  id: string;
  eventId: string;
  eventType: string;
  url: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  /** Real time (ms) of the next attempt (the backoff tests wait for). */
  nextAttemptAt: number;
  /** Emulated time (unix s) when a failed delivery is retried anyway, as Stripe retries over days; null until it fails. */
  retryAt?: number | null;
  /** A second delivery of an event already queued (Stripe may deliver an event more than once). */
  duplicate?: boolean;
  createdAt: number;
  deliveredAt: number | null;
};

/** Session parameters that the Checkout Session object does not show but completion needs. */
export type SessionOptions = {
  paymentIntentData: { metadata: Record<string, string>; description: string | null };
  subscriptionData: {
    metadata: Record<string, string>;
    description: string | null;
    defaultTaxRates?: string[];
  };
  /** `line_items[i][tax_rates]` ids per line item id. */
  lineTaxRates?: Record<string, string[]>;
  customerCreation: "always" | "if_required" | null;
  /** Setup mode: `setup_intent_data` for the SetupIntent made at completion. */
  setupIntentData?: { metadata: Record<string, string>; description: string | null };
  /** Whether `payment_method_types` was given (otherwise the "dashboard" methods apply: card, and SEPA in eur). */
  paymentMethodTypesSet?: boolean;
};

/** A delayed-method payment (SEPA Direct Debit) waiting for the emulator clock to settle it. */
export type DelayedPayment = {
  paymentIntent: string;
  session: string | null;
  settleAt: number;
  outcome: "succeeded" | "failed";
};

export type State = {
  version: 1;
  clockOffset: number;
  refundMode: "instant" | "pending";
  customers: Record<string, Stripe.Customer>;
  /** Deleted customers' ids, with when they were deleted (retrieve answers `{ id, object, deleted: true }`). */
  deletedCustomers: Record<string, number>;
  products: Record<string, Stripe.Product>;
  prices: Record<string, Stripe.Price>;
  taxRates: Record<string, Stripe.TaxRate>;
  /** Customers' tax IDs (state saved before they existed has none: read through `taxIdsOf`). */
  taxIds: Record<string, Stripe.TaxId>;
  checkoutSessions: Record<string, Stripe.Checkout.Session>;
  sessionLineItems: Record<string, Stripe.LineItem[]>;
  /** Checkout line item `taxes` by line item id (included when expanded, like Stripe). */
  lineItemTaxes: Record<string, Stripe.LineItem.Tax[]>;
  sessionOptions: Record<string, SessionOptions>;
  paymentIntents: Record<string, Stripe.PaymentIntent>;
  paymentMethods: Record<string, Stripe.PaymentMethod>;
  charges: Record<string, Stripe.Charge>;
  refunds: Record<string, Stripe.Refund>;
  subscriptions: Record<string, Stripe.Subscription>;
  invoices: Record<string, Stripe.Invoice>;
  invoiceItems: Record<string, Stripe.InvoiceItem>;
  invoicePayments: Record<string, Stripe.InvoicePayment>;
  events: Record<string, Stripe.Event>;
  idempotency: Record<string, IdempotencyRecord>;
  deliveries: Delivery[];
  /** Processing SEPA payments by payment intent id, settled by the clock. */
  delayedPayments: Record<string, DelayedPayment>;
  /** Saved payment methods that decline when charged (test card 4000 0000 0000 0341). */
  failingPaymentMethods: Record<string, true>;
  /** Disputes (chargebacks) opened by the test controls. */
  disputes: Record<string, Stripe.Dispute>;
  /** Setup-mode Checkout's setup intents. */
  setupIntents: Record<string, Stripe.SetupIntent>;
  /** The account's retry schedule for failed subscription payments (Billing settings). */
  billingSettings: BillingSettings;
  /** The account's public business name and Checkout branding (Dashboard → Settings → Branding). */
  branding: Branding;
};

/**
 * Like the Account's `business_profile.name` and `settings.branding` (`primary_color` the page's
 * colour, `secondary_color` the buttons'): what Stripe's hosted pages show. Null: Stripe's defaults.
 */
export type Branding = { name: string | null; primaryColor: string | null; secondaryColor: string | null };

/** Like Stripe's custom retry schedule: days after the previous attempt, then what happens to the plan. */
export type BillingSettings = { retryDays: number[]; afterFinalFailure: "cancel" | "unpaid" };

export const DEFAULT_BILLING_SETTINGS: BillingSettings = {
  retryDays: [3, 5, 7],
  afterFinalFailure: "cancel",
};

export type CollectionName = {
  [K in keyof State]: State[K] extends Record<string, { id: string; object: string }> ? K : never;
}[keyof State];

export function emptyState(clockOffset = 0): State {
  return {
    version: 1,
    clockOffset,
    refundMode: "instant",
    customers: {},
    deletedCustomers: {},
    products: {},
    prices: {},
    taxRates: {},
    taxIds: {},
    checkoutSessions: {},
    sessionLineItems: {},
    lineItemTaxes: {},
    sessionOptions: {},
    paymentIntents: {},
    paymentMethods: {},
    charges: {},
    refunds: {},
    subscriptions: {},
    invoices: {},
    invoiceItems: {},
    invoicePayments: {},
    events: {},
    idempotency: {},
    deliveries: [],
    delayedPayments: {},
    failingPaymentMethods: {},
    disputes: {},
    setupIntents: {},
    billingSettings: structuredClone(DEFAULT_BILLING_SETTINGS),
    branding: { name: null, primaryColor: null, secondaryColor: null },
  };
}

export class Store {
  state: State;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string | undefined,
    private readonly debounceMs = 100,
  ) {
    this.state = emptyState();
    if (file) {
      try {
        const loaded = JSON.parse(readFileSync(file, "utf8")) as Partial<State>;
        this.state = { ...emptyState(), ...loaded, version: 1 };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    }
  }

  /** Schedules a save (debounced). */
  changed(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.saveNow();
    }, this.debounceMs);
    this.timer.unref();
  }

  saveNow(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.file);
  }

  reset(clockOffset: number): void {
    this.state = emptyState(clockOffset);
    this.changed();
  }
}
