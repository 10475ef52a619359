/** An error code from a query string, if it is one the page knows; anything else is ignored. */
export function knownCode<T extends string>(
  value: string | string[] | undefined,
  known: readonly T[],
): T | null {
  const v = Array.isArray(value) ? value[0] : value;
  return v && (known as readonly string[]).includes(v) ? (v as T) : null;
}
