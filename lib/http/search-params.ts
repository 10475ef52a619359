/** The first value of a query parameter (Next gives arrays for repeated keys), cut to `max` characters. */
export function firstParam(value: string | string[] | undefined, max = 4000): string {
  return ((Array.isArray(value) ? value[0] : value) ?? "").slice(0, max);
}
