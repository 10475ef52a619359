// Stripe-shaped API errors: `{ error: { type, code, message, param, doc_url } }` with Stripe's HTTP status.

export type StripeErrorType =
  | "invalid_request_error"
  | "card_error"
  | "api_error"
  | "idempotency_error"
  | "authentication_error"
  | "rate_limit_error";

export type StripeErrorBody = {
  error: {
    type: StripeErrorType;
    code?: string;
    decline_code?: string;
    message: string;
    param?: string;
    doc_url?: string;
    charge?: string;
    payment_intent?: unknown;
    request_log_url?: string;
  };
};

export class ApiError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly declineCode: string | undefined;
  /**
   * Stripe saves the result of an idempotent request once the endpoint began executing; a request
   * whose parameters failed validation is not saved (safe to retry with the same key).
   */
  readonly saveIdempotent: boolean;

  constructor(opts: {
    status: number;
    type: StripeErrorType;
    message: string;
    code?: string;
    param?: string;
    declineCode?: string;
    saveIdempotent?: boolean;
  }) {
    super(opts.message);
    this.status = opts.status;
    this.type = opts.type;
    this.code = opts.code;
    this.param = opts.param;
    this.declineCode = opts.declineCode;
    this.saveIdempotent = opts.saveIdempotent ?? true;
  }

  /** Stripe's error body; `requestLogUrl` is the dashboard's log entry of the request, as Stripe adds it. */
  toBody(requestLogUrl?: string): StripeErrorBody {
    const error: StripeErrorBody["error"] = { type: this.type, message: this.message };
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, "-")}`;
    }
    if (this.declineCode) error.decline_code = this.declineCode;
    if (this.param) error.param = this.param;
    if (requestLogUrl) error.request_log_url = requestLogUrl;
    return { error };
  }
}

/** Parameter validation failed before the endpoint ran: not saved for idempotency. */
export function invalidParam(message: string, param?: string, code?: string): ApiError {
  return new ApiError({
    status: 400,
    type: "invalid_request_error",
    message,
    ...(param !== undefined ? { param } : {}),
    ...(code !== undefined ? { code } : {}),
    saveIdempotent: false,
  });
}

export function missingParam(param: string): ApiError {
  return invalidParam(`Missing required param: ${param}.`, param, "parameter_missing");
}

/** A business-rule failure while executing the request (saved for idempotent replay). */
export function invalidRequest(message: string, opts: { param?: string; code?: string } = {}): ApiError {
  return new ApiError({ status: 400, type: "invalid_request_error", message, ...opts });
}

export function resourceMissing(kind: string, id: string, param = "id"): ApiError {
  return new ApiError({
    status: 404,
    type: "invalid_request_error",
    code: "resource_missing",
    message: `No such ${kind}: '${id}'`,
    param,
  });
}

export function cardError(message: string, declineCode: string, code = "card_declined"): ApiError {
  return new ApiError({ status: 402, type: "card_error", code, message, declineCode });
}

export function unrecognizedUrl(method: string, path: string): ApiError {
  return new ApiError({
    status: 404,
    type: "invalid_request_error",
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    saveIdempotent: false,
  });
}

/** A 500 inside Stripe: saved under its idempotency key when the endpoint had begun, as Stripe does. */
export function apiError(message = "An unknown error occurred"): ApiError {
  return new ApiError({ status: 500, type: "api_error", message });
}
