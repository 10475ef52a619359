import type { z } from "zod";

/**
 * One error-code registry per domain: the codes its zod schemas, its operations and the message
 * catalogue (`<namespace>.errors.<CODE>`) share. `INVALID` is in every registry: it answers input
 * that no person could have typed (a forged form).
 */
export type TCodeRegistry<TCode extends string> = {
  namespace: string;
  codes: readonly TCode[];
  is(value: unknown): value is TCode;
};

export function codeRegistry<const TCode extends string>(
  namespace: string,
  codes: readonly TCode[],
): TCodeRegistry<TCode | "INVALID"> {
  const all = codes.includes("INVALID" as TCode) ? codes : [...codes, "INVALID" as const];
  return {
    namespace,
    codes: all as readonly (TCode | "INVALID")[],
    is: (value: unknown): value is TCode | "INVALID" =>
      typeof value === "string" && (all as readonly string[]).includes(value),
  };
}

export type TCodeOf<R> = R extends TCodeRegistry<infer C> ? C : never;

/**
 * The field errors of a failed zod parse, as registry codes: each issue's message is the code
 * (schemas write `z.string().max(1000, "REASON_TOO_LONG")`); anything else (zod's own English
 * messages) is INVALID. The first issue of a field wins; issues without a field go to `_form`.
 */
export function fieldErrorsOf<TCode extends string>(
  error: z.ZodError,
  registry: TCodeRegistry<TCode>,
): Partial<Record<string, TCode>> {
  const out: Partial<Record<string, TCode>> = {};
  for (const issue of error.issues) {
    const field = typeof issue.path[0] === "string" ? issue.path[0] : "_form";
    if (out[field]) continue;
    out[field] = registry.is(issue.message) ? issue.message : ("INVALID" as TCode);
  }
  return out;
}
