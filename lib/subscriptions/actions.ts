"use server";

import { formLocale } from "@/lib/actions/form-locale";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireCustomer } from "@/lib/auth/session";
import { mailSettings } from "@/lib/email/settings";
import { kickMailWorker } from "@/lib/email/worker";
import { stripe } from "@/lib/stripe/client";
import { cancelSubscription } from "./cancel-subscription";
import { cancelStepUrl } from "./cancel-step-url";
import { resumeSubscription } from "./resume-subscription";
import { ZCancellationAnswer } from "./schemas";

const text = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === "string" ? v : "";
};

/** The final "Cancel my plan" button of the confirm step. */
export async function cancelSubscriptionAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const customer = await requireCustomer(locale);
  const id = z.uuid().safeParse(formData.get("subscriptionId"));
  if (!id.success) notFound();
  const raw = { reason: text(formData, "reason"), comment: text(formData, "comment") };
  const answer = ZCancellationAnswer.safeParse(raw);
  if (!answer.success)
    redirect(
      cancelStepUrl(locale, id.data, "cancel", raw, answer.error.issues[0]?.message ?? "REASON_REQUIRED"),
    );

  const result = await cancelSubscription(
    await getDb(),
    customer.id,
    { subscriptionId: id.data, reason: answer.data.reason, comment: answer.data.comment },
    { stripe: stripe(), mail: mailSettings() },
  );
  if (result.ok) {
    kickMailWorker();
    redirect(`/${locale}/subscriptions?status=CANCELLED&plan=${id.data}#plan-${id.data}`);
  }
  if (result.code === "NOT_FOUND") notFound();
  if (result.code === "STRIPE_UNAVAILABLE")
    redirect(cancelStepUrl(locale, id.data, "cancel/confirm", raw, result.code));
  redirect(`/${locale}/subscriptions?error=${result.code}&plan=${id.data}#plan-${id.data}`);
}

/** "Resume this plan" on the plans page. */
export async function resumeSubscriptionAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const customer = await requireCustomer(locale);
  const id = z.uuid().safeParse(formData.get("subscriptionId"));
  if (!id.success) notFound();
  const result = await resumeSubscription(await getDb(), customer.id, id.data, {
    stripe: stripe(),
    mail: mailSettings(),
  });
  if (result.ok) {
    kickMailWorker();
    redirect(`/${locale}/subscriptions?status=RESUMED&plan=${id.data}#plan-${id.data}`);
  }
  if (result.code === "NOT_FOUND") notFound();
  redirect(`/${locale}/subscriptions?error=${result.code}&plan=${id.data}#plan-${id.data}`);
}
