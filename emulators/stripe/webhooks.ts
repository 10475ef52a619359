// Webhook delivery: every event is POSTed as JSON, signed like Stripe (`Stripe-Signature: t=...,v1=...`).
// One delivery at a time, in creation order; a failing delivery is rescheduled with exponential backoff and
// the queue moves on, so a broken endpoint does not hold later events back (Stripe does not order either).
import { createHmac } from "node:crypto";
import type Stripe from "stripe";
import { newId } from "./ids";
import type { Delivery, Store } from "./store";

export type WebhookConfig = {
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
  webhookRetryBaseMs: number;
};

const MAX_ATTEMPTS = 10;
const MAX_BACKOFF_MS = 60_000;
const ATTEMPT_TIMEOUT_MS = 10_000;
const KEEP_DONE = 2000;

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
  private busy = false;
  private stopped = false;
  private inflight: AbortController | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly config: WebhookConfig,
  ) {}

  get configured(): boolean {
    return Boolean(this.config.webhookUrl && this.config.webhookSecret);
  }

  enqueue(event: Stripe.Event): Delivery | null {
    if (!this.configured || !this.config.webhookUrl) return null;
    const delivery: Delivery = {
      id: newId("whdel", 16),
      eventId: event.id,
      eventType: event.type,
      url: this.config.webhookUrl,
      status: "pending",
      attempts: 0,
      lastStatus: null,
      lastError: null,
      nextAttemptAt: Date.now(),
      createdAt: Date.now(),
      deliveredAt: null,
    };
    const list = this.store.state.deliveries;
    list.push(delivery);
    if (list.length > KEEP_DONE) {
      const drop = list.findIndex((d) => d.status !== "pending");
      if (drop >= 0) list.splice(drop, 1);
    }
    this.store.changed();
    this.kick();
    return delivery;
  }

  pendingCount(): number {
    return this.store.state.deliveries.filter((d) => d.status === "pending").length;
  }

  /** Resolves when no delivery is pending, or after `timeoutMs` (then with the pending count). */
  async flush(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    this.kick();
    while (this.pendingCount() > 0 && Date.now() < deadline) {
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

  kick(): void {
    if (this.stopped || this.busy) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const next = this.nextDue();
    if (!next) return;
    const wait = next.nextAttemptAt - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.kick();
      }, wait);
      this.timer.unref();
      return;
    }
    this.busy = true;
    void this.attempt(next).finally(() => {
      this.busy = false;
      const waiters = this.waiters.splice(0);
      for (const w of waiters) w();
      this.kick();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.inflight?.abort();
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w();
  }

  private nextDue(): Delivery | undefined {
    let best: Delivery | undefined;
    for (const d of this.store.state.deliveries) {
      if (d.status !== "pending") continue;
      if (!best || d.nextAttemptAt < best.nextAttemptAt) best = d;
    }
    return best;
  }

  private async attempt(d: Delivery): Promise<void> {
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
    const controller = new AbortController();
    this.inflight = controller;
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
      }
    } catch (err) {
      d.lastStatus = null;
      d.lastError = err instanceof Error ? err.message : String(err);
    } finally {
      clearTimeout(timeout);
      this.inflight = null;
    }
    if (d.status === "pending") {
      if (this.stopped) {
        d.attempts -= 1; // interrupted by shutdown: try again after a restart
      } else if (d.attempts >= MAX_ATTEMPTS) {
        d.status = "failed";
      } else {
        d.nextAttemptAt =
          Date.now() + Math.min(this.config.webhookRetryBaseMs * 2 ** (d.attempts - 1), MAX_BACKOFF_MS);
      }
    }
    this.store.changed();
  }
}
