import "server-only";
import { loadEnv, type TEnv } from "./env-schema";

let cached: TEnv | undefined;

/**
 * The settings, parsed once (lazily, so `next build` never needs them).
 * Feature code reads settings from here, never from `process.env`.
 */
export function env(): TEnv {
  cached ??= loadEnv(process.env);
  return cached;
}
