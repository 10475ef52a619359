import type { ReactNode } from "react";
import { ActionForm } from "@/components/form/action-form";
import { Hidden, TextField } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import type { TFormAction } from "@/lib/actions/define-action";

type TProps<TCode extends string> = {
  id: string;
  action: TFormAction<TCode>;
  messages: Readonly<Record<TCode, string>>;
  hidden: Record<string, string>;
  noteLabel: string;
  noteHint?: string;
  submit: string;
  pending: string;
  children?: ReactNode;
};

/** A staff action on a customer's behalf: what it acts on (hidden), the required note, one button. */
export function NoteForm<TCode extends string>(p: TProps<TCode>) {
  return (
    <ActionForm id={p.id} action={p.action} messages={p.messages} className="stack staff-action">
      {Object.entries(p.hidden).map(([name, value]) => (
        <Hidden key={name} name={name} value={value} />
      ))}
      {p.children}
      <TextField
        name="note"
        label={p.noteLabel}
        hint={p.noteHint}
        multiline
        rows={2}
        maxLength={1000}
        required
      />
      <div>
        <SubmitButton pendingLabel={p.pending}>{p.submit}</SubmitButton>
      </div>
    </ActionForm>
  );
}
