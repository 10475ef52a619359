"use server";

import { formLocale } from "@/lib/actions/form-locale";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireCustomer } from "@/lib/auth/session";
import { ZLocale } from "@/lib/auth/schemas";
import { mailSettings } from "@/lib/email/settings";
import { kickMailWorker } from "@/lib/email/worker";
import { regenerateLicenseKey } from "./regenerate-key";
import { resendKeys } from "./resend-keys";

/** Mails every active key to the signed-in customer's own address; the form carries no address. */
export async function resendKeysAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const customer = await requireCustomer(locale);
  const result = await resendKeys(await getDb(), customer.id, mailSettings());
  kickMailWorker();
  redirect(
    `/${locale}/licenses?status=${result === "sent" ? "KEYS_SENT" : result === "rate-limited" ? "RATE_LIMITED" : "NO_ACTIVE_KEYS"}`,
  );
}

const ZRegenerate = z.object({ licenseId: z.uuid(), locale: ZLocale });

export async function regenerateKeyAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const customer = await requireCustomer(locale);
  const parsed = ZRegenerate.safeParse({ licenseId: formData.get("licenseId"), locale });
  if (!parsed.success) notFound();
  const result = await regenerateLicenseKey(
    await getDb(),
    customer.id,
    parsed.data.licenseId,
    mailSettings(),
  );
  if (!result.ok) notFound();
  kickMailWorker();
  redirect(`/${locale}/licenses?status=KEY_REGENERATED#license-${result.newLicenseId}`);
}
