// The /v1 API: authentication, faults, idempotency, routing, error shapes and the request log.
import type { IncomingMessage, ServerResponse } from "node:http";
import { API_VERSION, type Core } from "./core";
import { ApiError, apiError, unrecognizedUrl } from "./errors";
import { canonicalJson, parseForm } from "./form-body";
import { readBody, sendRaw } from "./http-util";
import { checkIdempotency, saveIdempotency } from "./idempotency";
import { newId } from "./ids";
import { Params } from "./params";
import type { Method, Router } from "./router";
import { checkParams } from "./shapes";
import { runDueWork } from "./time-effects";

const AUTH_MISSING =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/** Stripe's limit on `Idempotency-Key`. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

function apiKeyOf(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const [scheme, value = ""] = h.split(" ", 2);
  if (scheme?.toLowerCase() === "bearer") return value.trim();
  if (scheme?.toLowerCase() === "basic")
    return Buffer.from(value, "base64").toString("utf8").split(":")[0] ?? "";
  return "";
}

function authError(key: string | null): ApiError | null {
  if (key === null || key === "")
    return new ApiError({
      status: 401,
      type: "invalid_request_error",
      message: AUTH_MISSING,
      saveIdempotent: false,
    });
  if (/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key)) return null;
  const masked = `${key.slice(0, key.indexOf("_", 3) + 1 || 3)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
  return new ApiError({
    status: 401,
    type: "invalid_request_error",
    message: `Invalid API Key provided: ${masked}`,
    saveIdempotent: false,
  });
}

function takeFault(core: Core, path: string): string | null {
  const fault = core.faults.find((f) => f.remaining > 0 && (!f.pathPrefix || path.startsWith(f.pathPrefix)));
  if (!fault) return null;
  fault.remaining -= 1;
  core.faults = core.faults.filter((f) => f.remaining > 0);
  return fault.mode;
}

/** `YYYY-MM-DD` with an optional release name (`2026-10-28.endive`), a real date. */
function isApiVersion(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:\.[a-z]+)?$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) && Number(m[1]) >= 2011;
}

function inProgress(key: string): ApiError {
  return new ApiError({
    status: 409,
    type: "idempotency_error",
    code: "idempotency_key_in_use",
    message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
    saveIdempotent: false,
  });
}

export async function handleApi(
  core: Core,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname;
  const requestId = newId("req", 14);
  const idemKey = method === "POST" ? ((req.headers["idempotency-key"] as string | undefined) ?? null) : null;
  const headers: Record<string, string> = {
    "Request-Id": requestId,
    "Stripe-Version": (req.headers["stripe-version"] as string | undefined) ?? API_VERSION,
  };
  if (idemKey) headers["Idempotency-Key"] = idemKey;
  const body = method === "POST" ? await readBody(req) : "";
  let status = 200;
  let replayed = false;
  let faultMode: string | null = null;
  const respond = (s: number, text: string, extra: Record<string, string> = {}) => {
    status = s;
    sendRaw(res, s, text, { ...headers, ...extra });
  };
  const logUrl = () => `https://dashboard.stripe.com/test/logs/${requestId}?t=${core.now()}`;
  const respondError = (err: ApiError) => respond(err.status, JSON.stringify(err.toBody(logUrl()), null, 2));
  try {
    runDueWork(core);
    const auth = authError(apiKeyOf(req));
    if (auth) return respondError(auth);
    faultMode = takeFault(core, path);
    if (faultMode === "500")
      return respondError(apiError("An unknown error occurred (fault injected by the emulator)."));
    if (faultMode === "hang") {
      status = 0;
      return; // never answer: the socket stays open until the client gives up or the server closes
    }
    const raw = parseForm(method === "POST" ? body : url.search.slice(1));
    const params = new Params(raw);
    const canon = canonicalJson(raw);
    if (idemKey && idemKey.length > MAX_IDEMPOTENCY_KEY_LENGTH)
      return respondError(
        new ApiError({
          status: 400,
          type: "invalid_request_error",
          message: `Keys for idempotent requests can only be ${MAX_IDEMPOTENCY_KEY_LENGTH} characters long.`,
          saveIdempotent: false,
        }),
      );
    const version = req.headers["stripe-version"] as string | undefined;
    if (version !== undefined && !isApiVersion(version))
      return respondError(
        new ApiError({
          status: 400,
          type: "invalid_request_error",
          message: `Invalid Stripe API version: ${version}`,
          saveIdempotent: false,
        }),
      );
    if (idemKey) {
      const check = checkIdempotency(core, idemKey, method, path, canon);
      if (check.kind === "error") return respondError(check.error);
      if (check.kind === "replay") {
        replayed = true;
        if (faultMode === "after")
          return respondError(apiError("An unknown error occurred (fault injected by the emulator)."));
        return respond(check.record.status, check.record.body, {
          "Idempotent-Replayed": "true",
          "Original-Request": check.record.requestId,
        });
      }
    }
    // Stripe refuses a second request under a key whose first request is still running.
    if (idemKey && core.inFlight.has(idemKey))
      return respond(409, JSON.stringify(inProgress(idemKey).toBody(logUrl()), null, 2), {
        "Stripe-Should-Retry": "true",
      });
    if (idemKey) core.inFlight.add(idemKey);
    try {
      if (faultMode === "hold") await core.held(requestId);
    } catch {
      if (idemKey) core.inFlight.delete(idemKey);
      status = 0;
      return; // the emulator closed while the request was held
    }
    const match = router.match(method, path);
    let resultStatus: number;
    let resultBody: string;
    let save = true;
    try {
      if (!match) throw unrecognizedUrl(method, path);
      checkParams(match.route, raw);
      // The endpoint started and then failed inside Stripe: a 500 that is saved under the key.
      if (faultMode === "error") throw new Error("fault injected by the emulator: the endpoint failed");
      const result = core.withRequest({ id: requestId, idempotency_key: idemKey }, () =>
        match.handler({ core, params, path: match.path, method: method as Method }),
      );
      resultStatus = 200;
      resultBody = JSON.stringify(result, null, 2);
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : null;
      if (!apiErr && faultMode !== "error") console.error("[stripe-emulator] internal error", err);
      const e = apiErr ?? apiError();
      resultStatus = e.status;
      resultBody = JSON.stringify(e.toBody(logUrl()), null, 2);
      // Stripe saves the result once the endpoint began executing, 500s included (replayed for 24 h).
      save = e.saveIdempotent;
    }
    if (idemKey) core.inFlight.delete(idemKey);
    if (idemKey && save) {
      saveIdempotency(core, {
        key: idemKey,
        method,
        path,
        params: canon,
        status: resultStatus,
        body: resultBody,
        requestId,
        created: core.now(),
      });
    }
    if (method !== "GET") core.changed();
    if (faultMode === "after")
      return respondError(apiError("An unknown error occurred (fault injected by the emulator)."));
    return respond(resultStatus, resultBody);
  } finally {
    core.addLog({
      method,
      path,
      idempotencyKey: idemKey,
      status,
      time: core.now(),
      requestId,
      replayed,
      fault: faultMode,
    });
  }
}
