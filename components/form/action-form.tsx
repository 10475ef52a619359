"use client";

import { useParams } from "next/navigation";
import { createContext, type ReactNode, useActionState, useContext, useEffect, useRef } from "react";
import { IDLE_STATE, type TActionState } from "@/lib/actions/action-state";

type TFormContext = {
  state: TActionState;
  /** Code → translated message, given by the page (the server translates; the browser shows). */
  messages: Readonly<Record<string, string>>;
  formId: string;
};

const FormContext = createContext<TFormContext | null>(null);

export function useFormContext(): TFormContext {
  const ctx = useContext(FormContext);
  if (!ctx) throw new Error("form fields belong inside <ActionForm>");
  return ctx;
}

type TProps<TCode extends string> = {
  /** A server action from lib/<domain>/actions.ts (customerAction, publicAction). */
  action: (state: TActionState<TCode>, formData: FormData) => Promise<TActionState<TCode>>;
  /** Every code this form can answer with, translated (the type asks for all of them). */
  messages: Readonly<Record<TCode, string>>;
  /** A stable id: field ids and the notice are derived from it. */
  id: string;
  className?: string;
  /**
   * The page that answers the form without JavaScript, when it is not the page the form is on (a
   * form on a cached page posts to its own page elsewhere); that page renders the same form.
   */
  permalink?: string;
  children: ReactNode;
};

/**
 * A form on the portal's action layer: with JavaScript it submits without a reload, its submit
 * button shows progress and is disabled while pending, and errors appear beside their fields
 * (focus moves to the first one); without JavaScript the same form posts and the page comes back
 * with the same errors and the values kept. The locale travels with every submission.
 */
export function ActionForm<TCode extends string>({
  action,
  messages,
  id,
  className,
  permalink,
  children,
}: TProps<TCode>) {
  const [state, formAction] = useActionState<TActionState<TCode>, FormData>(action, IDLE_STATE, permalink);
  // The page's [locale] segment: no next-intl in the browser (first-load JS, issue 17).
  const { locale } = useParams<{ locale: string }>();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.status !== "error") return;
    const invalid = formRef.current?.querySelector<HTMLElement>(
      "[aria-invalid='true'], [data-invalid='true']",
    );
    (invalid ?? formRef.current?.querySelector<HTMLElement>(`#${id}-notice`))?.focus();
  }, [state, id]);
  return (
    <FormContext value={{ state, messages: messages as Readonly<Record<string, string>>, formId: id }}>
      <form ref={formRef} id={id} action={formAction} className={className ?? "stack"} noValidate>
        <input type="hidden" name="locale" value={locale} />
        <FormNotice />
        {children}
      </form>
    </FormContext>
  );
}

/** The answer about the whole form: an error (alert) or a success notice (status). */
function FormNotice() {
  const { state, messages, formId } = useFormContext();
  const message = state.code ? (messages[state.code] ?? messages.INVALID) : null;
  if (!message) return null;
  const isError = state.status === "error";
  return (
    <p
      id={`${formId}-notice`}
      key={state.seq}
      role={isError ? "alert" : "status"}
      tabIndex={-1}
      className={isError ? "notice error" : "notice ok"}
    >
      {message}
    </p>
  );
}
