// Webhook delivery: every event is POSTed as JSON, signed like Stripe (`Stripe-Signature: t=...,v1=...`).
// Two modes. "stripe" (the default) delivers as Stripe does: up to 4 deliveries in flight at once, each new
// one after a small random delay (events created together arrive shuffled), about 1 in 10 events delivered
// twice; randomness comes from a seeded PRNG so a run can be replayed. "ordered" (for debugging) delivers one
// at a time in creation order, never twice. In both, a failing delivery is retried with exponential backoff
// in real time (capped at a minute) and also when the emulator's clock reaches its Stripe-like retry time
// (Stripe retries over up to 3 days), so advancing the clock brings due retries out at once.
import { createHmac, randomInt } from "node:crypto";
import type Stripe from "stripe";
import { newId } from "./ids";
import type { Delivery, Store } from "./store";

export type WebhookDeliveryMode = "stripe" | "ordered";

export type WebhookConfig = {
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
  webhookRetryBaseMs: number;
  webhookDelivery: WebhookDeliveryMode;
  /** Seed of the delivery PRNG (shuffle delays, duplicates); printed by the CLI, shown by GET /_emulator/webhooks. */
  webhookSeed: number;
};

const MAX_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 60_000;
const ATTEMPT_TIMEOUT_MS = 10_000;
const KEEP_DONE = 2000;
/** "stripe" mode: deliveries in flight at once, the spread of the random delay of a new delivery, duplicate rate. */
const STRIPE_CONCURRENCY = 4;
const SHUFFLE_MS = 60;
const DUPLICATE_RATE = 0.1;
/** First retry in emulated time (doubles per attempt: 10 attempts span about 42 hours, within Stripe's 3 days). */
const EMULATED_RETRY_BASE_S = 300;

export function randomSeed(): number {
  return randomInt(1, 2 ** 31);
}

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function signPayload(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Deliveries being attempted, by delivery id. */
  private readonly inflight = new Map<string, AbortController>();
  private waiters: (() => void)[] = [];
  private random: () => number;

  constructor(
    private readonly store: Store,
    private readonly config: WebhookConfig,
    /** The emulator's clock (unix seconds), for retries due over emulated time. */
    private readonly clockNow: () => number,
  ) {
    this.random = prng(config.webhookSeed);
  }

  get configured(): boolean {
    return Boolean(this.config.webhookUrl && this.config.webhookSecret);
  }

  get mode(): WebhookDeliveryMode {
    return this.config.webhookDelivery;
  }

  get seed(): number {
    return this.config.webhookSeed;
  }

  setMode(mode: WebhookDeliveryMode, seed?: number): void {
    this.config.webhookDelivery = mode;
    if (seed !== undefined) {
      this.config.webhookSeed = seed;
      this.random = prng(seed);
    }
    this.kick();
  }

  /**
   * Queues the event for delivery. In "stripe" mode the delivery waits a random few milliseconds and
   * may be doubled (a second delivery of the same event), unless `single` (an explicit resend).
   */
  enqueue(event: Stripe.Event, opts: { single?: boolean } = {}): Delivery | null {
    if (!this.configured || !this.config.webhookUrl) return null;
    const stripeMode = this.mode === "stripe";
    const delivery = this.add(event, stripeMode ? Math.floor(this.random() * SHUFFLE_MS) : 0);
    if (stripeMode && !opts.single && this.random() < DUPLICATE_RATE)
      this.add(event, SHUFFLE_MS + Math.floor(this.random() * SHUFFLE_MS), true);
    this.store.changed();
    this.kick();
    return delivery;
  }

  private add(event: Stripe.Event, delayMs: number, duplicate = false): Delivery {
    const delivery: Delivery = {
      id: newId("whdel", 16),
      eventId: event.id,
      eventType: event.type,
      url: this.config.webhookUrl ?? "",
      status: "pending",
      attempts: 0,
      lastStatus: null,
      lastError: null,
      nextAttemptAt: Date.now() + delayMs,
      retryAt: null,
      duplicate,
      createdAt: Date.now(),
      deliveredAt: null,
    };
    const list = this.store.state.deliveries;
    list.push(delivery);
    if (list.length > KEEP_DONE) {
      const drop = list.findIndex((d) => d.status !== "pending");
      if (drop >= 0) list.splice(drop, 1);
    }
    return delivery;
  }

  /** Deliveries not yet done: waiting, retrying or in flight (duplicates included). */
  pendingCount(): number {
    return this.store.state.deliveries.filter((d) => d.status === "pending").length;
  }

  inflightCount(): number {
    return this.inflight.size;
  }

  /** Resolves when no delivery is pending nor in flight, or after `timeoutMs` (then with the pending count). */
  async flush(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    this.kick();
    while ((this.pendingCount() > 0 || this.inflight.size > 0) && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(100, Math.max(1, deadline - Date.now())));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.pendingCount();
  }

  /** Starts every due delivery the concurrency allows and sets a timer for the next one. */
  kick(): void {
    if (this.stopped) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const limit = this.mode === "stripe" ? STRIPE_CONCURRENCY : 1;
    while (this.inflight.size < limit) {
      const next = this.nextWaiting();
      if (!next) return;
      const wait = this.dueIn(next);
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.kick();
        }, wait);
        this.timer.unref();
        return;
      }
      const controller = new AbortController();
      this.inflight.set(next.id, controller);
      void this.attempt(next, controller).finally(() => {
        this.inflight.delete(next.id);
        const waiters = this.waiters.splice(0);
        for (const w of waiters) w();
        this.kick();
      });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const c of this.inflight.values()) c.abort();
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w();
  }

  /** Milliseconds until the delivery is due: by real time, or now if the emulated clock reached its retry. */
  private dueIn(d: Delivery): number {
    if (d.retryAt != null && d.retryAt <= this.clockNow()) return 0;
    return d.nextAttemptAt - Date.now();
  }

  /** The pending delivery not in flight that is due first (creation order among equals). */
  private nextWaiting(): Delivery | undefined {
    let best: Delivery | undefined;
    let bestIn = 0;
    for (const d of this.store.state.deliveries) {
      if (d.status !== "pending" || this.inflight.has(d.id)) continue;
      const dueIn = Math.max(0, this.dueIn(d));
      if (!best || dueIn < bestIn) {
        best = d;
        bestIn = dueIn;
      }
    }
    return best;
  }

  private async attempt(d: Delivery, controller: AbortController): Promise<void> {
    const event = this.store.state.events[d.eventId];
    const url = this.config.webhookUrl;
    const secret = this.config.webhookSecret;
    if (!event || !url || !secret) {
      d.status = "failed";
      d.lastError = event ? "webhook endpoint not configured" : "event not found";
      this.store.changed();
      return;
    }
    d.url = url;
    d.attempts += 1;
    const payload = JSON.stringify(event, null, 2);
    const timeout = setTimeout(() => controller.abort(), ATTEMPT_TIMEOUT_MS);
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "Stripe-Signature": signPayload(payload, secret),
        },
        body: payload,
        signal: controller.signal,
      });
      await res.arrayBuffer().catch(() => undefined);
      d.lastStatus = res.status;
      d.lastError = res.ok ? null : `HTTP ${res.status}`;
      if (res.ok) {
        d.status = "delivered";
        d.deliveredAt = Date.now();
        d.retryAt = null;
        // One endpoint: once delivered, no webhook of this event is pending (Stripe's `pending_webhooks`).
        event.pending_webhooks = 0;
      }
    } catch (err) {
      d.lastStatus = null;
      d.lastError = err instanceof Error ? err.message : String(err);
    } finally {
      clearTimeout(timeout);
    }
    if (d.status === "pending") {
      if (this.stopped) {
        d.attempts -= 1; // interrupted by shutdown: try again after a restart
      } else if (d.attempts >= MAX_ATTEMPTS) {
        d.status = "failed";
        d.retryAt = null;
      } else {
        d.nextAttemptAt =
          Date.now() + Math.min(this.config.webhookRetryBaseMs * 2 ** (d.attempts - 1), MAX_BACKOFF_MS);
        d.retryAt = this.clockNow() + EMULATED_RETRY_BASE_S * 2 ** (d.attempts - 1);
      }
    }
    this.store.changed();
  }
}
