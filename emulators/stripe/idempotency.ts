// Idempotency keys as Stripe honours them: same key + same endpoint + same parameters replays the saved
// response; different parameters or endpoint is an idempotency_error. Keys expire after 24 h (emulator time).
import type { Core } from "./core";
import { ApiError } from "./errors";
import type { IdempotencyRecord } from "./store";

const TTL_SECONDS = 24 * 60 * 60;
const MAX_KEYS = 20_000;

export type IdempotencyCheck =
  { kind: "new" } | { kind: "replay"; record: IdempotencyRecord } | { kind: "error"; error: ApiError };

export function checkIdempotency(
  core: Core,
  key: string,
  method: string,
  path: string,
  params: string,
): IdempotencyCheck {
  const record = core.state.idempotency[key];
  if (!record) return { kind: "new" };
  if (record.created + TTL_SECONDS <= core.now()) {
    delete core.state.idempotency[key];
    return { kind: "new" };
  }
  if (record.method !== method || record.path !== path) {
    return {
      kind: "error",
      error: new ApiError({
        status: 400,
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${record.method} ${record.path}' vs '${method} ${path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
        saveIdempotent: false,
      }),
    };
  }
  if (record.params !== params) {
    return {
      kind: "error",
      error: new ApiError({
        status: 400,
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        saveIdempotent: false,
      }),
    };
  }
  return { kind: "replay", record };
}

export function saveIdempotency(core: Core, record: IdempotencyRecord): void {
  const all = core.state.idempotency;
  all[record.key] = record;
  const keys = Object.keys(all);
  if (keys.length > MAX_KEYS) {
    const cutoff = core.now() - TTL_SECONDS;
    for (const k of keys) if ((all[k]?.created ?? 0) <= cutoff) delete all[k];
    const left = Object.keys(all);
    for (const k of left.slice(0, Math.max(0, left.length - MAX_KEYS))) delete all[k];
  }
}
