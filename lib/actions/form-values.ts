import type { TFormValues } from "./action-state";

/** Longest text kept to show again: a form never needs more, and the answer stays small. */
export const MAX_KEPT_LENGTH = 20_000;

/**
 * A posted form as plain values: one string per field, or a list when the field was sent several
 * times (checkbox groups). Files and React's own `$ACTION_…` fields are left out.
 */
export function formValues(formData: FormData): TFormValues {
  const values: TFormValues = {};
  for (const [name, raw] of formData.entries()) {
    if (typeof raw !== "string" || name.startsWith("$ACTION")) continue;
    const value = raw.slice(0, MAX_KEPT_LENGTH);
    const previous = values[name];
    values[name] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return values;
}
