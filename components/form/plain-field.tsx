import type { ReactNode } from "react";

/**
 * A labelled input of a plain GET form (a search box): no action state, so it renders on the server
 * and works without JavaScript; the label, the hint and `aria-describedby` wired as in the action
 * layer's fields.
 */
export function PlainField({
  id,
  name,
  label,
  hint,
  defaultValue,
  maxLength,
  type = "search",
  children,
}: {
  id: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  defaultValue?: string;
  maxLength?: number;
  type?: "search" | "text";
  /** Beside the input, on one row (the search button). */
  children?: ReactNode;
}) {
  const input = (
    <input
      id={id}
      name={name}
      type={type}
      defaultValue={defaultValue}
      maxLength={maxLength}
      aria-describedby={hint ? `${id}-hint` : undefined}
    />
  );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {children ? (
        <div className="row">
          {input}
          {children}
        </div>
      ) : (
        input
      )}
    </div>
  );
}
