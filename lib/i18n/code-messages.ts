/**
 * The translated message of each code a form can answer with, for the form's client part:
 * `codeMessages(REFUND_CODES.codes, (c) => t(\`errors.${c}\`))`. The template literal over the
 * registry's union of codes is checked against the catalogue by the type checker.
 */
export function codeMessages<const TCode extends string>(
  codes: readonly TCode[],
  translate: (code: TCode) => string,
): Record<TCode, string> {
  return Object.fromEntries(codes.map((c) => [c, translate(c)])) as Record<TCode, string>;
}
