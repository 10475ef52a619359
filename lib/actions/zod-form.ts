import { z } from "zod";

/** A field that may be sent several times (a checkbox group): always a list, empty when none. */
export function zList<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(item));
}
