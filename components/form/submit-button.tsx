"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

/**
 * The form's submit button: while the form is being sent it is disabled (a double click acts once)
 * and says so; screen readers hear the pending label through aria-live.
 */
export function SubmitButton({
  children,
  pendingLabel,
  variant,
  name,
  value,
}: {
  children: ReactNode;
  pendingLabel: ReactNode;
  variant?: "primary" | "secondary" | "danger";
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className={variant && variant !== "primary" ? variant : undefined}
      disabled={pending}
      aria-disabled={pending || undefined}
      name={name}
      value={value}
    >
      {pending ? (
        <>
          <span className="spinner" aria-hidden="true" />
          <span aria-live="polite">{pendingLabel}</span>
        </>
      ) : (
        children
      )}
    </button>
  );
}
