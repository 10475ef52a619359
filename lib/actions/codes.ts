import type { z } from "zod";

/**
 * One code registry per domain: the codes its zod schemas, its operations and the message
 * catalogue share — errors under `<namespace>.errors.<CODE>`, success notices under
 * `<namespace>.notices.<CODE>`. `INVALID` is in every registry: it answers input that no person
 * could have typed (a forged form); so is `INVALID_CHARACTERS`, a field with control or bidi
 * override characters (lib/actions/free-text), refused before any operation runs.
 */
export type TCodeRegistry<
  TCode extends string,
  TError extends TCode = TCode,
  TNotice extends TCode = TCode,
> = {
  namespace: string;
  /** Errors and notices. */
  codes: readonly TCode[];
  errors: readonly TError[];
  notices: readonly TNotice[];
  is(value: unknown): value is TCode;
};

/** Errors every registry has. */
export const COMMON_ERRORS = ["INVALID", "INVALID_CHARACTERS"] as const;
type TCommonError = (typeof COMMON_ERRORS)[number];

export function codeRegistry<const TError extends string, const TNotice extends string = never>(
  namespace: string,
  errors: readonly TError[],
  notices: readonly TNotice[] = [],
): TCodeRegistry<TError | TNotice | TCommonError, TError | TCommonError, TNotice> {
  const allErrors = [
    ...errors,
    ...COMMON_ERRORS.filter((c) => !errors.includes(c as string as TError)),
  ] as readonly (TError | TCommonError)[];
  const all = [...allErrors, ...notices];
  return {
    namespace,
    codes: all,
    errors: allErrors,
    notices,
    is: (value: unknown): value is TError | TNotice | TCommonError =>
      typeof value === "string" && (all as readonly string[]).includes(value),
  };
}

export type TCodeOf<R> = R extends TCodeRegistry<infer C, infer _E, infer _N> ? C : never;

/**
 * The field errors of a failed zod parse, as registry codes: each issue's message is the code
 * (schemas write `z.string().max(1000, "REASON_TOO_LONG")`); anything else (zod's own English
 * messages) is INVALID. The first issue of a field wins; issues without a field go to `_form`.
 */
export function fieldErrorsOf<TCode extends string>(
  error: z.ZodError,
  registry: Pick<TCodeRegistry<TCode>, "is">,
): Partial<Record<string, TCode>> {
  const out: Partial<Record<string, TCode>> = {};
  for (const issue of error.issues) {
    const field = typeof issue.path[0] === "string" ? issue.path[0] : "_form";
    if (out[field]) continue;
    out[field] = registry.is(issue.message) ? issue.message : ("INVALID" as TCode);
  }
  return out;
}
