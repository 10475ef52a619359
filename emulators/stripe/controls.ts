// Test controls under /_emulator/ (JSON in and out, no authentication).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Core } from "./core";
import { ApiError } from "./errors";
import { readBody, sendJson } from "./http-util";
import { completeSession } from "./resources/checkout-complete";
import { getSession } from "./resources/checkout";
import { evaluateCard } from "./cards";
import { createPaymentMethod, createSucceededPayment } from "./resources/payments";
import { getRefund, REFUND_FAILURE_REASONS, settleRefund } from "./resources/refunds";
import { runDueWork } from "./time-effects";
import { diff } from "./resources/customers";
import { closeDispute, DISPUTE_REASONS, getDispute, openDispute } from "./resources/disputes";
import { setTaxIdVerification, TAX_ID_VERIFICATION_STATUSES } from "./resources/tax-ids";
import type Stripe from "stripe";

type Json = Record<string, unknown>;
type Reply = { status: number; body: unknown };

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function num(body: Json, key: string): number {
  const v = body[key];
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ControlError(400, `"${key}" must be a number`);
  return v;
}

function optStr(body: Json, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw new ControlError(400, `"${key}" must be a string`);
  return v;
}

function counts(core: Core): Json {
  const s = core.state;
  const refundsByPaymentIntent: Record<string, { count: number; amount: number }> = {};
  for (const r of Object.values(s.refunds)) {
    const key = String(r.payment_intent ?? r.charge);
    const entry = (refundsByPaymentIntent[key] ??= { count: 0, amount: 0 });
    entry.count += 1;
    if (r.status !== "failed") entry.amount += r.amount;
  }
  const eventsByType: Record<string, number> = {};
  for (const e of Object.values(s.events)) eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
  const deliveries = { pending: 0, delivered: 0, failed: 0 };
  for (const d of s.deliveries) deliveries[d.status] += 1;
  return {
    customers: Object.keys(s.customers).length,
    products: Object.keys(s.products).length,
    prices: Object.keys(s.prices).length,
    taxRates: Object.keys(s.taxRates).length,
    checkoutSessions: Object.keys(s.checkoutSessions).length,
    paymentIntents: Object.keys(s.paymentIntents).length,
    charges: Object.keys(s.charges).length,
    refunds: Object.keys(s.refunds).length,
    subscriptions: Object.keys(s.subscriptions).length,
    invoices: Object.keys(s.invoices).length,
    events: Object.keys(s.events).length,
    refundsByPaymentIntent,
    eventsByType,
    deliveries,
  };
}

function clockReply(core: Core, ran = 0): Reply {
  return { status: 200, body: { now: core.now(), offset: core.clock.offsetSeconds, ran } };
}

async function route(
  core: Core,
  method: string,
  path: string,
  body: Json,
  query: URLSearchParams,
): Promise<Reply> {
  const parts = path.split("/").filter(Boolean).slice(1); // drop "_emulator"
  const key = `${method} /${parts.map((p, i) => (/^(cs_|re_|evt_|sub_|ch_|dp_|txi_)/.test(p) && i > 0 ? ":id" : p)).join("/")}`;
  const id = parts.find((p) => /^(cs_|re_|evt_|sub_|ch_|dp_|txi_)/.test(p)) ?? "";
  switch (key) {
    case "GET /health":
      return { status: 200, body: { ok: true } };
    case "GET /clock":
      return clockReply(core);
    case "POST /clock/advance": {
      const seconds = num(body, "seconds");
      if (seconds < 0) throw new ControlError(400, "the clock only moves forward");
      core.clock.advance(seconds);
      core.changed();
      const ran = runDueWork(core);
      core.webhooks.kick(); // retries due by the emulated time go out now
      return clockReply(core, ran);
    }
    case "POST /clock/set": {
      core.clock.set(num(body, "now"));
      core.changed();
      const ran = runDueWork(core);
      core.webhooks.kick();
      return clockReply(core, ran);
    }
    case "GET /faults":
      return { status: 200, body: { faults: core.faults } };
    case "POST /faults": {
      const mode = body.mode;
      if (mode !== "500" && mode !== "hang" && mode !== "after" && mode !== "error" && mode !== "hold")
        throw new ControlError(400, `"mode" must be "500", "hang", "after", "error" or "hold"`);
      const count = body.count === undefined ? 1 : num(body, "count");
      core.faults.push({
        remaining: Math.max(0, Math.trunc(count)),
        mode,
        pathPrefix: optStr(body, "pathPrefix") ?? null,
      });
      return { status: 200, body: { faults: core.faults } };
    }
    case "GET /faults/held":
      return { status: 200, body: { held: core.heldRequests() } };
    case "POST /faults/release":
      return { status: 200, body: { released: core.releaseHeld() } };
    case "DELETE /faults":
      core.faults = [];
      return { status: 200, body: { faults: [] } };
    case "GET /log":
      return { status: 200, body: { data: core.log } };
    case "DELETE /log":
      core.log.length = 0;
      return { status: 200, body: { data: [] } };
    case "POST /reset":
      core.clock.offsetSeconds = 0;
      core.store.reset(0);
      core.faults = [];
      core.log.length = 0;
      return { status: 200, body: { ok: true } };
    case "GET /state/counts":
      return { status: 200, body: counts(core) };
    case "GET /webhooks":
      return {
        status: 200,
        body: {
          configured: core.webhooks.configured,
          url: core.config.webhookUrl ?? null,
          delivery: core.webhooks.mode,
          seed: core.webhooks.seed,
          pending: core.webhooks.pendingCount(),
          inflight: core.webhooks.inflightCount(),
          data: core.state.deliveries,
        },
      };
    case "POST /webhooks/flush": {
      const timeout = Number(body.timeoutMs ?? query.get("timeout") ?? 10_000);
      const pending = await core.webhooks.flush(Number.isFinite(timeout) ? timeout : 10_000);
      return { status: 200, body: { pending, ...(counts(core).deliveries as Json) } };
    }
    case "POST /config": {
      if ("webhookUrl" in body) core.config.webhookUrl = optStr(body, "webhookUrl") || undefined;
      if ("webhookSecret" in body) core.config.webhookSecret = optStr(body, "webhookSecret") || undefined;
      if ("webhookDelivery" in body || "webhookSeed" in body) {
        const mode = body.webhookDelivery ?? core.webhooks.mode;
        if (mode !== "stripe" && mode !== "ordered")
          throw new ControlError(400, `"webhookDelivery" must be "stripe" or "ordered"`);
        core.webhooks.setMode(mode, "webhookSeed" in body ? num(body, "webhookSeed") : undefined);
      }
      core.webhooks.kick();
      return {
        status: 200,
        body: {
          webhookUrl: core.config.webhookUrl ?? null,
          webhookSecretSet: Boolean(core.config.webhookSecret),
          webhookDelivery: core.webhooks.mode,
          webhookSeed: core.webhooks.seed,
        },
      };
    }
    case "POST /tax_ids/:id/verification": {
      // The tax authority's answer (VIES for eu_vat): pending → verified / unverified / unavailable.
      const status = String(body.status ?? "");
      if (!TAX_ID_VERIFICATION_STATUSES.includes(status as never))
        throw new ControlError(400, `status must be one of ${TAX_ID_VERIFICATION_STATUSES.join(", ")}`);
      const taxId = setTaxIdVerification(core, id, {
        status: status as Stripe.TaxId.Verification.Status,
        verified_name: typeof body.verified_name === "string" ? body.verified_name : null,
        verified_address: typeof body.verified_address === "string" ? body.verified_address : null,
      });
      if (!taxId) throw new ControlError(404, `No such tax ID: '${id}'`);
      return { status: 200, body: taxId as unknown as Json };
    }
    case "POST /events/:id/resend": {
      const event = core.state.events[id];
      if (!event) throw new ControlError(404, `No such event: '${id}'`);
      const delivery = core.webhooks.enqueue(event, { single: true });
      if (!delivery) throw new ControlError(409, "no webhook endpoint is configured");
      return { status: 200, body: delivery };
    }
    case "POST /checkout/sessions/:id/complete": {
      const session = completeSession(core, getSession(core, id), {
        card: optStr(body, "card") ?? "4242424242424242",
        iban: optStr(body, "iban"),
        bankTransfer: body.bankTransfer === true,
        email: optStr(body, "email"),
        name: optStr(body, "name"),
      });
      return { status: 200, body: session };
    }
    case "POST /subscriptions/:id/payment-method": {
      // As `paymentMethods.attach` + `subscriptions.update({ default_payment_method })` from the
      // dashboard: later invoices charge this card (4000 0000 0000 0341 declines every charge).
      const sub = core.state.subscriptions[id];
      if (!sub) throw new ControlError(404, `No such subscription: '${id}'`);
      const outcome = evaluateCard(optStr(body, "card") ?? "4000000000000341");
      if (!outcome.ok) throw new ControlError(400, "the card was declined");
      const customer = core.state.customers[String(sub.customer)];
      const pm = createPaymentMethod(core, outcome.card, customer?.id ?? null, {
        email: customer?.email ?? null,
        name: customer?.name ?? null,
      });
      const before = structuredClone(sub);
      sub.default_payment_method = pm.id;
      core.emit("payment_method.attached", pm);
      core.emit(
        "customer.subscription.updated",
        sub,
        diff(before as unknown as Json, sub as unknown as Json),
      );
      core.changed();
      return { status: 200, body: { subscription: sub, paymentMethod: pm } };
    }
    case "POST /charges/:id/dispute": {
      // The cardholder's bank opens a chargeback (Stripe's test cards 0259/1976 do it at payment).
      const charge = core.state.charges[id];
      if (!charge) throw new ControlError(404, `No such charge: '${id}'`);
      const reason = optStr(body, "reason") ?? "fraudulent";
      if (!(DISPUTE_REASONS as readonly string[]).includes(reason))
        throw new ControlError(400, `"reason" must be one of ${DISPUTE_REASONS.join(", ")}`);
      return {
        status: 200,
        body: openDispute(core, charge, reason as (typeof DISPUTE_REASONS)[number]),
      };
    }
    case "POST /disputes/:id/close": {
      const status = body.status;
      if (status !== "won" && status !== "lost")
        throw new ControlError(400, `"status" must be "won" or "lost"`);
      return { status: 200, body: closeDispute(core, getDispute(core, id), status) };
    }
    case "GET /billing/settings":
      return { status: 200, body: core.state.billingSettings };
    case "POST /billing/settings": {
      const days = body.retryDays;
      if (
        days !== undefined &&
        (!Array.isArray(days) || days.length > 8 || days.some((d) => typeof d !== "number" || !(d > 0)))
      )
        throw new ControlError(400, `"retryDays" must be up to 8 positive numbers of days`);
      const after = body.afterFinalFailure;
      if (after !== undefined && after !== "cancel" && after !== "unpaid")
        throw new ControlError(400, `"afterFinalFailure" must be "cancel" or "unpaid"`);
      if (days !== undefined) core.state.billingSettings.retryDays = days as number[];
      if (after !== undefined) core.state.billingSettings.afterFinalFailure = after;
      core.changed();
      return { status: 200, body: core.state.billingSettings };
    }
    case "GET /account/branding":
      return { status: 200, body: core.state.branding };
    case "POST /account/branding": {
      // What the Dashboard's branding settings set: the business name and two #rrggbb colours.
      const next = { ...core.state.branding };
      if (body.name !== undefined) {
        if (body.name !== null && (typeof body.name !== "string" || body.name.length > 100))
          throw new ControlError(400, `"name" must be a string of up to 100 characters or null`);
        next.name = body.name === null ? null : body.name.trim() || null;
      }
      for (const [key, field] of [
        ["primary_color", "primaryColor"],
        ["secondary_color", "secondaryColor"],
      ] as const) {
        const v = body[key];
        if (v === undefined) continue;
        if (v !== null && (typeof v !== "string" || !/^#[0-9a-fA-F]{6}$/.test(v)))
          throw new ControlError(400, `"${key}" must be a colour like #0b57a4 or null`);
        next[field] = v === null ? null : v.toLowerCase();
      }
      core.state.branding = next;
      core.changed();
      return { status: 200, body: next };
    }
    case "GET /delayed-payments":
      return { status: 200, body: { data: Object.values(core.state.delayedPayments) } };
    case "POST /payments": {
      // A card payment made outside Checkout (another integration, a terminal, the dashboard).
      const outcome = evaluateCard(optStr(body, "card") ?? "4242424242424242");
      if (!outcome.ok) throw new ControlError(400, "the card was declined");
      const email = optStr(body, "email") ?? null;
      const pm = createPaymentMethod(core, outcome.card, null, { email, name: null });
      const payment = createSucceededPayment(core, {
        amount: num(body, "amount"),
        currency: optStr(body, "currency") ?? "eur",
        customer: null,
        paymentMethod: pm,
        email,
      });
      core.changed();
      return { status: 200, body: payment };
    }
    case "POST /refunds/mode": {
      if (body.mode !== "pending" && body.mode !== "instant")
        throw new ControlError(400, `"mode" must be "pending" or "instant"`);
      core.state.refundMode = body.mode;
      core.changed();
      return { status: 200, body: { mode: core.state.refundMode } };
    }
    case "POST /refunds/:id/settle": {
      const status = body.status;
      if (status !== "succeeded" && status !== "failed")
        throw new ControlError(400, `"status" must be "succeeded" or "failed"`);
      const reason = optStr(body, "failure_reason");
      if (reason && !(REFUND_FAILURE_REASONS as readonly string[]).includes(reason)) {
        throw new ControlError(400, `"failure_reason" must be one of ${REFUND_FAILURE_REASONS.join(", ")}`);
      }
      const refund = getRefund(core, id);
      settleRefund(core, refund, status, reason);
      return { status: 200, body: refund };
    }
    default:
      throw new ControlError(404, `Unknown control: ${method} ${path}`);
  }
}

export async function handleControl(
  core: Core,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  try {
    const text = method === "GET" ? "" : await readBody(req);
    let body: Json = {};
    if (text.trim()) {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
        throw new ControlError(400, "body must be a JSON object");
      body = parsed as Json;
    }
    const reply = await route(core, method, url.pathname, body, url.searchParams);
    sendJson(res, reply.status, reply.body);
  } catch (err) {
    if (err instanceof ApiError) return sendJson(res, err.status, err.toBody());
    if (err instanceof ControlError) return sendJson(res, err.status, { error: { message: err.message } });
    if (err instanceof SyntaxError)
      return sendJson(res, 400, { error: { message: `invalid JSON: ${err.message}` } });
    console.error("[stripe-emulator] control error", err);
    sendJson(res, 500, { error: { message: "internal error" } });
  }
}
