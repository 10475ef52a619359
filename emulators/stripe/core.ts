// The emulator's shared context: state, clock, configuration, event emission, log and faults.
import Stripe from "stripe";
import { Clock } from "./clock";
import { newId } from "./ids";
import { Store } from "./store";
import { WebhookDispatcher, type WebhookConfig } from "./webhooks";

export const API_VERSION: string = Stripe.API_VERSION;

export type EmulatorConfig = WebhookConfig & { publicUrl: string };

export type LogEntry = {
  method: string;
  path: string;
  idempotencyKey: string | null;
  status: number;
  time: number;
  requestId: string;
  replayed: boolean;
  fault: string | null;
};

export type Fault = {
  remaining: number;
  mode: "500" | "hang" | "after" | "error" | "hold";
  pathPrefix: string | null;
};

export type RequestInfo = { id: string | null; idempotency_key: string | null };

export class Core {
  readonly store: Store;
  readonly clock: Clock;
  readonly webhooks: WebhookDispatcher;
  readonly log: LogEntry[] = [];
  faults: Fault[] = [];
  /** Idempotency keys whose first request is still running (a second one gets Stripe's 409). */
  readonly inFlight = new Set<string>();
  /** Requests held by the `hold` fault until `POST /_emulator/faults/release`, by request id. */
  private readonly holds = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  /** The API request being handled (events record it); null fields for time- or page-driven changes. */
  request: RequestInfo = { id: null, idempotency_key: null };

  constructor(
    readonly config: EmulatorConfig,
    stateFile: string | undefined,
  ) {
    this.store = new Store(stateFile);
    this.clock = new Clock(this.store.state.clockOffset);
    this.webhooks = new WebhookDispatcher(this.store, config, () => this.clock.now());
  }

  get state() {
    return this.store.state;
  }

  now(): number {
    return this.clock.now();
  }

  changed(): void {
    this.store.state.clockOffset = this.clock.offsetSeconds;
    this.store.changed();
  }

  /** Records an event (data.object is a snapshot) and queues it for webhook delivery. */
  emit(
    type: Stripe.Event.Type,
    object: { id: string; object: string },
    previousAttributes?: Record<string, unknown>,
  ): Stripe.Event {
    const data: Record<string, unknown> = { object: structuredClone(object) };
    if (previousAttributes) data.previous_attributes = structuredClone(previousAttributes);
    const event = {
      id: newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: this.now(),
      data,
      livemode: false,
      pending_webhooks: this.webhooks.configured ? 1 : 0,
      request: { ...this.request },
      type,
    } as unknown as Stripe.Event;
    this.state.events[event.id] = event;
    this.webhooks.enqueue(event);
    this.changed();
    return event;
  }

  withRequest<T>(info: RequestInfo, fn: () => T): T {
    const before = this.request;
    this.request = info;
    try {
      return fn();
    } finally {
      this.request = before;
    }
  }

  /** Waits until the request is released (or the emulator closes: rejects). */
  held(requestId: string): Promise<void> {
    return new Promise((resolve, reject) => this.holds.set(requestId, { resolve, reject }));
  }

  heldRequests(): string[] {
    return [...this.holds.keys()];
  }

  /** Lets every held request go on; with `closing`, makes them give up without answering. */
  releaseHeld(closing = false): number {
    const all = [...this.holds.values()];
    this.holds.clear();
    for (const h of all) {
      if (closing) h.reject(new Error("emulator closing"));
      else h.resolve();
    }
    return all.length;
  }

  addLog(entry: LogEntry): void {
    this.log.push(entry);
    if (this.log.length > 5000) this.log.splice(0, this.log.length - 5000);
  }
}
