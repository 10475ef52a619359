/**
 * What a form action answers, on the server and in the browser alike: the outcome of the last
 * submission as stable codes (translated by the page), and the values that were submitted so the
 * form shows them again. The same object drives the page with and without JavaScript.
 */
export type TFormValues = Record<string, string | string[]>;

export type TActionState<TCode extends string = string> = {
  status: "idle" | "ok" | "error";
  /** A code about the whole form: a success notice, or an error that belongs to no one field. */
  code: TCode | null;
  /** Field name → the code of what is wrong with it. */
  fieldErrors: Partial<Record<string, TCode>>;
  /** What was submitted (text fields, choices), to fill the form again. */
  values: TFormValues;
  /** Increases with every answer, so that a repeated identical answer is still announced. */
  seq: number;
};

export const IDLE_STATE: TActionState<never> = {
  status: "idle",
  code: null,
  fieldErrors: {},
  values: {},
  seq: 0,
};

/** A field's submitted value as text (the first one when several were sent). */
export function valueOf(values: TFormValues, name: string): string | undefined {
  const v = values[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A field's submitted values as a list (checkbox groups). */
export function valuesOf(values: TFormValues, name: string): string[] {
  const v = values[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
