// A local Stripe-compatible HTTP server for the official `stripe` SDK (see README.md).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleApi } from "./api";
import { handleControl } from "./controls";
import { API_VERSION, Core, type EmulatorConfig } from "./core";
import { handleDocumentPage } from "./documents-page";
import { handleCheckoutPage } from "./hosted-checkout-page";
import { sendJson } from "./http-util";
import { registerBankTransfers } from "./resources/bank-transfers";
import { registerCheckout } from "./resources/checkout";
import { registerCustomers } from "./resources/customers";
import { registerTaxIds } from "./resources/tax-ids";
import { registerEvents } from "./resources/events";
import { registerInvoices } from "./resources/invoices";
import { registerSetupIntents } from "./resources/setup-intents";
import { registerDisputes } from "./resources/disputes";
import { registerPayments } from "./resources/payments";
import { registerPrices } from "./resources/prices";
import { registerProducts } from "./resources/products";
import { registerRefunds } from "./resources/refunds";
import { registerSubscriptions } from "./resources/subscriptions";
import { registerTaxRates } from "./resources/tax-rates";
import { Router } from "./router";
import { runDueWork } from "./time-effects";
import { randomSeed, type WebhookDeliveryMode } from "./webhooks";

export type StripeEmulatorOptions = {
  /** 0 picks a free port; default 12111. */
  port?: number;
  host?: string;
  /** JSON file holding the state: loaded on start, saved (debounced) after changes and on close. */
  stateFile?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  /** Base of hosted page URLs; default `http://host:port`. */
  publicUrl?: string;
  /** First webhook retry delay (doubles per attempt, capped at 1 min); default 1000. */
  webhookRetryBaseMs?: number;
  /**
   * "stripe" (default): concurrent, shuffled, occasionally duplicated deliveries, as Stripe sends them;
   * "ordered": one at a time in creation order (debugging). Default: env STRIPE_EMULATOR_WEBHOOK_DELIVERY, else "stripe".
   */
  webhookDelivery?: WebhookDeliveryMode;
  /** Seed of the delivery randomness, to replay a run; default: env STRIPE_EMULATOR_WEBHOOK_SEED, else random. */
  webhookSeed?: number;
};

export type StripeEmulator = {
  url: string;
  port: number;
  webhookDelivery: WebhookDeliveryMode;
  webhookSeed: number;
  close(): Promise<void>;
};

function deliveryFromEnv(): WebhookDeliveryMode {
  const v = process.env.STRIPE_EMULATOR_WEBHOOK_DELIVERY;
  if (!v) return "stripe";
  if (v === "stripe" || v === "ordered") return v;
  throw new Error(`STRIPE_EMULATOR_WEBHOOK_DELIVERY must be "stripe" or "ordered", got "${v}"`);
}

function seedFromEnv(): number {
  const v = process.env.STRIPE_EMULATOR_WEBHOOK_SEED;
  if (!v) return randomSeed();
  const n = Number(v);
  if (!Number.isSafeInteger(n))
    throw new Error(`STRIPE_EMULATOR_WEBHOOK_SEED must be an integer, got "${v}"`);
  return n;
}

export function buildRouter(): Router {
  const router = new Router();
  registerCustomers(router);
  registerTaxIds(router);
  registerProducts(router);
  registerPrices(router);
  registerTaxRates(router);
  registerCheckout(router);
  registerPayments(router);
  registerBankTransfers(router);
  registerRefunds(router);
  registerSubscriptions(router);
  registerInvoices(router);
  registerSetupIntents(router);
  registerDisputes(router);
  registerEvents(router);
  return router;
}

async function dispatch(
  core: Core,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator.local");
  const path = url.pathname;
  if (path.startsWith("/v1/")) return handleApi(core, router, req, res, url);
  if (path.startsWith("/_emulator/")) return handleControl(core, req, res, url);
  const page = /^\/c\/pay\/([A-Za-z0-9_]+)$/.exec(path);
  if (page && (req.method === "GET" || req.method === "POST"))
    return handleCheckoutPage(core, req, res, page[1] ?? "");
  const doc = /^\/(receipts|invoices)\/([A-Za-z0-9_]+)$/.exec(path);
  if (doc && req.method === "GET")
    return handleDocumentPage(core, req, res, doc[1] as "receipts" | "invoices", doc[2] ?? "");
  if (path === "/")
    return sendJson(res, 200, {
      name: "stripe-emulator",
      api_version: API_VERSION,
      api: "/v1",
      controls: "/_emulator",
    });
  sendJson(res, 404, {
    error: {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${req.method ?? "GET"}: ${path}).`,
    },
  });
}

export async function startStripeEmulator(opts: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = opts.host ?? "127.0.0.1";
  const config: EmulatorConfig = {
    webhookUrl: opts.webhookUrl,
    webhookSecret: opts.webhookSecret,
    webhookRetryBaseMs: opts.webhookRetryBaseMs ?? 1000,
    webhookDelivery: opts.webhookDelivery ?? deliveryFromEnv(),
    webhookSeed: opts.webhookSeed ?? seedFromEnv(),
    publicUrl: opts.publicUrl ?? "",
  };
  const core = new Core(config, opts.stateFile);
  const router = buildRouter();
  const server = createServer((req, res) => {
    dispatch(core, router, req, res).catch((err: unknown) => {
      console.error("[stripe-emulator] request failed", err);
      if (!res.headersSent)
        sendJson(res, 500, { error: { type: "api_error", message: "An unknown error occurred" } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 12111, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  config.publicUrl = (opts.publicUrl ?? url).replace(/\/$/, "");
  runDueWork(core);
  core.webhooks.kick();
  const ticker = setInterval(() => runDueWork(core), 30_000);
  ticker.unref();
  let closed: Promise<void> | null = null;
  return {
    url,
    port,
    webhookDelivery: config.webhookDelivery,
    webhookSeed: config.webhookSeed,
    close() {
      closed ??= (async () => {
        clearInterval(ticker);
        core.releaseHeld(true);
        await core.webhooks.stop();
        core.changed();
        core.store.saveNow();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closed;
    },
  };
}
