"use client";

import { type ReactNode, useMemo, useState } from "react";
import { valueOf, valuesOf } from "@/lib/actions/action-state";
import { useFormContext } from "./action-form";
import { unpackOptions } from "./packed-options";

/** The error of a field, if any, translated, and the ids that describe the field. */
function useField(name: string, hint: ReactNode | undefined, extra: string[] = []) {
  const { state, messages, formId } = useFormContext();
  const id = `${formId}-${name}`;
  const code = state.fieldErrors[name];
  const error = code ? (messages[code] ?? messages.INVALID ?? code) : null;
  const describedBy = [hint ? `${id}-hint` : null, ...extra, error ? `${id}-error` : null].filter(Boolean);
  return { id, error, state, describedBy: describedBy.length ? describedBy.join(" ") : undefined };
}

function FieldError({ id, error }: { id: string; error: string | null }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  );
}

type TTextFieldProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The value before anything was submitted. */
  defaultValue?: string;
  type?: "text" | "email" | "date";
  multiline?: boolean;
  rows?: number;
  /** Shown as a counter; the server enforces it, the browser doesn't cut what is typed. */
  maxLength?: number;
  /** The counter's text with `{count}` and `{max}` (the catalogue's raw string), when maxLength is set. */
  counter?: string;
  required?: boolean;
  autoComplete?: string;
  inputMode?: "text" | "email" | "numeric" | "decimal";
  className?: string;
  autoCapitalize?: string;
  spellCheck?: boolean;
};

/** A labelled text input or textarea with its hint, its error beside it and what was typed kept. */
export function TextField(props: TTextFieldProps) {
  const { name, label, hint, maxLength, counter, multiline } = props;
  const { formId } = useFormContext();
  const hasCounter = Boolean(maxLength && counter);
  const { id, error, state, describedBy } = useField(
    name,
    hint,
    hasCounter ? [`${formId}-${name}-counter`] : [],
  );
  const kept = valueOf(state.values, name) ?? props.defaultValue ?? "";
  // The counter follows typing; a new answer from the server starts it again from what was kept.
  const [typed, setTyped] = useState({ seq: state.seq, length: kept.length });
  const count = typed.seq === state.seq ? typed.length : kept.length;
  const common = {
    id,
    name,
    // Remounted with every answer (key), so the kept value is what the field shows.
    key: state.seq,
    defaultValue: kept,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
    "aria-required": props.required || undefined,
    autoComplete: props.autoComplete,
    className: props.className,
    onInput: (e: React.FormEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setTyped({ seq: state.seq, length: e.currentTarget.value.length }),
  };
  const { key, ...rest } = common;
  return (
    <div className={`field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {multiline ? (
        <textarea key={key} rows={props.rows ?? 4} {...rest} />
      ) : (
        <input
          key={key}
          type={props.type ?? "text"}
          inputMode={props.inputMode}
          autoCapitalize={props.autoCapitalize}
          spellCheck={props.spellCheck}
          {...rest}
        />
      )}
      {maxLength && counter ? (
        <p id={`${id}-counter`} className={`counter${count > maxLength ? " over" : ""}`}>
          {counter.replace("{count}", String(count)).replace("{max}", String(maxLength))}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
    </div>
  );
}

type TSelectFieldProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The choices packed as text (packOptions): a long list costs a third of its JSON in the page's payload. */
  options: string;
  /** The value before anything was submitted. */
  defaultValue?: string;
  /** The first, empty choice ("Choose…"), when nothing is chosen yet. */
  placeholder?: string;
  required?: boolean;
  autoComplete?: string;
};

/** A labelled select with its hint, its error beside it and what was chosen kept. */
export function SelectField(props: TSelectFieldProps) {
  const { name, label, hint } = props;
  const options = useMemo(() => unpackOptions(props.options), [props.options]);
  const { id, error, state, describedBy } = useField(name, hint);
  const kept = valueOf(state.values, name) ?? props.defaultValue ?? "";
  return (
    <div className={`field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <select
        key={state.seq}
        id={id}
        name={name}
        defaultValue={kept}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        aria-required={props.required || undefined}
        autoComplete={props.autoComplete}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

export type TChoice = { value: string; label: ReactNode; hint?: ReactNode };

type TChoiceGroupProps = {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  choices: TChoice[];
  /** radio: one of; checkbox: any of. */
  type: "radio" | "checkbox";
  /** Checked before anything was submitted. */
  defaultValue?: string[];
  required?: boolean;
  className?: string;
};

/** Radio buttons or checkboxes in a fieldset, with the group's error beside its legend. */
export function ChoiceGroup({
  name,
  legend,
  hint,
  choices,
  type,
  defaultValue,
  required,
  className,
}: TChoiceGroupProps) {
  const { id, error, state, describedBy } = useField(name, hint);
  const checked = state.status === "error" ? valuesOf(state.values, name) : (defaultValue ?? []);
  return (
    <fieldset
      className={`${className ?? ""}${error ? " invalid" : ""}`.trim() || undefined}
      // A radio group may say it is required and invalid; a fieldset of checkboxes only describes it.
      role={type === "radio" ? "radiogroup" : undefined}
      aria-required={type === "radio" && required ? true : undefined}
      aria-invalid={type === "radio" && error ? true : undefined}
      aria-describedby={describedBy}
      data-invalid={error ? "true" : undefined}
      id={`${id}-group`}
      tabIndex={error ? -1 : undefined}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
      {choices.map((c) => {
        const choiceId = `${id}-${c.value}`;
        return (
          <div key={`${c.value}-${state.seq}`} className={type === "checkbox" ? "choice card" : "choice"}>
            <input
              type={type}
              id={choiceId}
              name={name}
              value={c.value}
              defaultChecked={checked.includes(c.value)}
              aria-describedby={c.hint ? `${choiceId}-hint` : undefined}
            />
            <label htmlFor={choiceId}>{c.label}</label>
            {c.hint ? (
              <div id={`${choiceId}-hint`} className="hint">
                {c.hint}
              </div>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

/** A value that travels with the form but is not typed (an order number, an id). */
export function Hidden({ name, value }: { name: string; value: string }) {
  return <input type="hidden" name={name} value={value} />;
}

/** The e-mail address to send a code to (sign-in, staff sign-in, another address of mine). */
export function EmailField({
  label,
  hint,
  autoComplete = "email",
}: {
  label: ReactNode;
  hint?: ReactNode;
  /** "off" where the address is not the reader's own (attaching another address). */
  autoComplete?: "email" | "off";
}) {
  return (
    <TextField
      name="email"
      type="email"
      label={label}
      hint={hint}
      autoComplete={autoComplete}
      inputMode="email"
      required
    />
  );
}

/** The mailed one-time code, as typed (or carried by a link). */
export function CodeField({
  label,
  hint,
  defaultValue,
}: {
  label: ReactNode;
  hint?: ReactNode;
  defaultValue?: string;
}) {
  return (
    <TextField
      name="code"
      label={label}
      hint={hint}
      defaultValue={defaultValue}
      autoComplete="one-time-code"
      autoCapitalize="characters"
      spellCheck={false}
      className="code-input"
      required
    />
  );
}
