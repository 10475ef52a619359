// Helpers for the emulator's integration tests: an emulator on a free port, the SDK bound to it,
// control calls, and a tiny webhook receiver.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from "./server";

export type TestEmulator = {
  emu: StripeEmulator;
  stripe: Stripe;
  control: <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ) => Promise<{ status: number; body: T }>;
};

export async function startTestEmulator(opts: StripeEmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startStripeEmulator({ port: 0, webhookRetryBaseMs: 50, ...opts });
  const stripe = new Stripe("sk_test_123", {
    host: "127.0.0.1",
    port: emu.port,
    protocol: "http",
    maxNetworkRetries: 0,
    timeout: 5000,
  });
  const control: TestEmulator["control"] = async (method, path, body) => {
    const res = await fetch(`${emu.url}/_emulator${path}`, {
      method,
      headers: { "Content-Type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as never };
  };
  return { emu, stripe, control };
}

export type ReceivedWebhook = { body: string; headers: IncomingHttpHeaders };

export async function startWebhookReceiver(): Promise<{
  url: string;
  received: ReceivedWebhook[];
  /** Status codes to answer next, in order; then 200. */
  failNext: number[];
  /** While holding, requests are received but not answered until `release()`. */
  hold(): void;
  release(): void;
  /** Requests received and not answered yet, and the most there ever were at once. */
  open(): number;
  maxOpen(): number;
  close(): Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const failNext: number[] = [];
  let holding = false;
  let held: (() => void)[] = [];
  let open = 0;
  let maxOpen = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    open += 1;
    maxOpen = Math.max(maxOpen, open);
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
      const answer = () => {
        open -= 1;
        res.writeHead(failNext.shift() ?? 200).end();
      };
      if (holding) held.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    failNext,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      const all = held;
      held = [];
      for (const answer of all) answer();
    },
    open: () => open,
    maxOpen: () => maxOpen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Creates a product with a one-time and a yearly price (EUR). */
export async function seedCatalog(
  stripe: Stripe,
): Promise<{ product: Stripe.Product; oneTime: Stripe.Price; yearly: Stripe.Price; monthly: Stripe.Price }> {
  const product = await stripe.products.create({ name: "Editor Pro", metadata: { sku: "editor-pro" } });
  const oneTime = await stripe.prices.create({
    product: product.id,
    currency: "eur",
    unit_amount: 4900,
    tax_behavior: "exclusive",
  });
  const yearly = await stripe.prices.create({
    product: product.id,
    currency: "eur",
    unit_amount: 12000,
    recurring: { interval: "year" },
  });
  const monthly = await stripe.prices.create({
    product: product.id,
    currency: "eur",
    unit_amount: 1500,
    recurring: { interval: "month" },
  });
  return { product, oneTime, yearly, monthly };
}

export async function paidSession(
  t: TestEmulator,
  params: Stripe.Checkout.SessionCreateParams,
  card = "4242424242424242",
): Promise<Stripe.Checkout.Session> {
  const session = await t.stripe.checkout.sessions.create(params);
  const res = await t.control("POST", `/checkout/sessions/${session.id}/complete`, { card });
  if (res.status !== 200) throw new Error(`complete failed: ${JSON.stringify(res.body)}`);
  return t.stripe.checkout.sessions.retrieve(session.id);
}
