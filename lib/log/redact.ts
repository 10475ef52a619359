/**
 * What the logs must never carry: customers' addresses, license keys, sign-in codes and links,
 * session tokens and token hashes, Stripe secrets, and the parameters of a failed SQL statement (a
 * customer's address, a session token). Pure functions: the logger applies them to every message,
 * every field and every error (its message, stack, detail and cause) before a line is written.
 */

const KEY_CHARS = "A-HJ-KM-NP-Z2-9";

const TEXT_RULES: [RegExp, string][] = [
  // A failed statement's parameters (drizzle's "Failed query: … params: a,b"): the whole list.
  [/(\bparams: ).*/g, "$1[redacted]"],
  // PostgreSQL's detail of a constraint violation: Key (email)=(alice@example.com) already exists.
  [/(\bKey \([^)]*\)=\()[^)]*\)/g, "$1[redacted])"],
  // Sign-in links and anything else carrying a token, a code or an address in a URL.
  [/([?&](?:token|code|email|callbackUrl)=)[^&\s"'<>]*/gi, "$1[redacted]"],
  [/[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, "[email]"],
  [new RegExp(`\\b[${KEY_CHARS}]{5}(?:-[${KEY_CHARS}]{5}){4}\\b`, "g"), "[license-key]"],
  [/\b(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9]+/g, "[stripe-key]"],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, "[stripe-secret]"],
  // sha256 of a sign-in code (brute-forced in minutes) or any other 256-bit secret.
  [/\b[0-9a-f]{64}\b/gi, "[hash]"],
  [/\b(Bearer|Basic) [A-Za-z0-9._~+/=-]+/g, "$1 [redacted]"],
];

/** Field names whose value is personal or secret whatever it looks like. */
const SECRET_KEYS = new Set(
  [
    "email",
    "to",
    "from",
    "replyTo",
    "address",
    "oldEmail",
    "newEmail",
    "code",
    "token",
    "sessionToken",
    "identifier",
    "licenseKey",
    "key",
    "newKey",
    "secret",
    "password",
    "authorization",
    "cookie",
    "params",
    "parameters",
    "text",
    "html",
    "subject",
  ].map((k) => k.toLowerCase()),
);

export const REDACTED = "[redacted]";

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement);
  return out;
}

/** The fields of an error worth logging (never a driver's query parameters), each redacted. */
const ERROR_FIELDS = [
  "code",
  "detail",
  "hint",
  "constraint",
  "table",
  "column",
  "routine",
  "digest",
] as const;

export type TLoggedError = {
  type: string;
  message: string;
  stack?: string;
  cause?: unknown;
} & Partial<Record<(typeof ERROR_FIELDS)[number], string>>;

export function redactError(error: Error, depth = 0): TLoggedError {
  const out: TLoggedError = {
    type: error.constructor?.name ?? error.name,
    message: redactText(String(error.message)),
  };
  if (error.stack) out.stack = redactText(error.stack);
  const fields = error as unknown as Record<string, unknown>;
  for (const f of ERROR_FIELDS) {
    const v = fields[f];
    if (typeof v === "string" || typeof v === "number") out[f] = redactText(String(v));
  }
  if (error.cause !== undefined && depth < 4) out.cause = redactValue(error.cause, depth + 1);
  return out;
}

/** A value made safe to log: strings redacted, secret fields blanked, errors reduced to their safe fields. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 6) return "[deep]";
  if (value instanceof Error) return redactError(value, depth);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.has(k.toLowerCase()) && v != null && v !== "" ? REDACTED : redactValue(v, depth + 1);
  }
  return out;
}
