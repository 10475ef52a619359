import "server-only";
import { revalidatePath } from "next/cache";
import { notFound, redirect } from "next/navigation";
import type { z } from "zod";
import type { TLocale } from "@/db/schema/shared";
import { requireCustomer, type TSessionCustomer } from "@/lib/auth/session";
import { requireStaffAction, type TStaff } from "@/lib/staff/session";
import { kickMailWorker } from "@/lib/email/worker";
import { getDb } from "@/db/client";
import { idsOf, recordAudit } from "@/lib/audit/record-audit";
import { requestOrigin } from "@/lib/audit/request-origin";
import type { TActionState, TFormValues } from "./action-state";
import { fieldErrorsOf, type TCodeRegistry } from "./codes";
import { formLocale } from "./form-locale";
import { formValues } from "./form-values";
import { hasForbiddenCharacters, withoutForbiddenCharacters } from "./free-text";

/** What a domain operation tells the form: done (a notice, or another page), or a code. */
export type TActionOutcome<TCode extends string> =
  { ok: true; code?: TCode; redirectTo?: string } | { ok: false; code: TCode | "NOT_FOUND"; field?: string };

export type TActionContext<TActor> = { locale: TLocale; actor: TActor; values: TFormValues };

type TSpec<TActor, TInput, TCode extends string> = {
  /** The domain's codes: zod messages, operation results and the catalogue's `<namespace>.errors`. */
  registry: TCodeRegistry<TCode>;
  /** Parses the form's values (plus `locale`); field names are the schema's keys. */
  schema: z.ZodType<TInput>;
  /** The field a domain code is about, shown beside it; other codes show above the form. */
  fieldOf?: Partial<Record<NoInfer<TCode>, string>>;
  run(input: TInput, ctx: TActionContext<TActor>): Promise<TActionOutcome<NoInfer<TCode>>>;
};

export type TFormAction<TCode extends string> = (
  previous: TActionState<TCode>,
  formData: FormData,
) => Promise<TActionState<TCode>>;

function forbiddenFields(values: TFormValues): string[] {
  return Object.entries(values)
    .filter(([, v]) => (Array.isArray(v) ? v : [v]).some(hasForbiddenCharacters))
    .map(([name]) => name);
}

function cleaned(values: TFormValues): TFormValues {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.map(withoutForbiddenCharacters) : withoutForbiddenCharacters(v),
    ]),
  );
}

/**
 * The one way a form reaches the domain: locale from the form, the actor from the session, zod,
 * the operation, the mail worker kicked, the page refreshed, and a typed answer that keeps what was
 * typed. Used with React's useActionState (components/form), so the same form works with and
 * without JavaScript. "Not found" (a missing object or another customer's) is the 404 page.
 */
function defineAction<TActor>(resolveActor: (locale: TLocale) => Promise<TActor>) {
  return function action<TInput, TCode extends string>(
    spec: TSpec<TActor, TInput, TCode>,
  ): TFormAction<TCode> {
    return async (previous, formData) => {
      const locale = formLocale(formData);
      const actor = await resolveActor(locale);
      const values = formValues(formData);
      delete values.locale;
      const seq = (previous?.seq ?? 0) + 1;
      // Control and bidi override characters: refused beside their field before anything runs.
      const refused = forbiddenFields(values);
      if (refused.length > 0) {
        const fieldErrors = Object.fromEntries(refused.map((f) => [f, "INVALID_CHARACTERS" as TCode]));
        return { status: "error", code: null, fieldErrors, values: cleaned(values), seq };
      }
      const parsed = spec.schema.safeParse({ ...values, locale });
      if (!parsed.success) {
        const { _form, ...fieldErrors } = fieldErrorsOf(parsed.error, spec.registry);
        return { status: "error", code: _form ?? null, fieldErrors, values, seq };
      }
      const outcome = await spec.run(parsed.data, { locale, actor, values });
      kickMailWorker();
      if (outcome.ok && outcome.redirectTo) redirect(outcome.redirectTo);
      if (!outcome.ok && outcome.code === "NOT_FOUND") {
        // A missing object or another customer's: refused like a missing one, and audited.
        const actorId = (actor as { id?: string } | null)?.id ?? null;
        await recordAudit(
          await getDb(),
          {
            actorType: actorId ? "customer" : "system",
            actorId,
            action: "access.refused",
            subjectType: spec.registry.namespace,
            subjectId: actorId ?? "anonymous",
            data: { ids: idsOf(values) },
          },
          await requestOrigin(),
        );
        notFound();
      }
      // The operation ran, so what the page shows may have changed (a count of tries left, a state).
      revalidatePath(`/${locale}`, "layout");
      if (outcome.ok) return { status: "ok", code: outcome.code ?? null, fieldErrors: {}, values: {}, seq };
      const code = outcome.code as TCode;
      const field = outcome.field ?? spec.fieldOf?.[code];
      return field
        ? { status: "error", code: null, fieldErrors: { [field]: code }, values, seq }
        : { status: "error", code, fieldErrors: {}, values, seq };
    };
  };
}

/** A form behind a session: a signed-out visitor goes to sign-in and comes back afterwards. */
export const customerAction = defineAction<TSessionCustomer>((locale) => requireCustomer(locale));

/** A staff form: a customer session or a stranger gets the not-found page; the data layer checks again. */
export const staffAction = defineAction<TStaff>(() => requireStaffAction());

/** A form anyone may post (sign-in). */
export const publicAction = defineAction<null>(async () => null);
