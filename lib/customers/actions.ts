"use server";

import { formLocale } from "@/lib/actions/form-locale";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireCustomer } from "@/lib/auth/session";
import { mailSettings } from "@/lib/email/settings";
import { kickMailWorker } from "@/lib/email/worker";
import { env } from "@/lib/env";
import { confirmAddressClaim } from "./confirm-address-claim";
import { requestAddressClaim } from "./request-address-claim";
import { ZConfirmAddressClaim, ZRequestAddressClaim } from "./schemas";

/** "Changed e-mail", step one: mails a code to the other address, then shows the code step. */
export async function requestAddressClaimAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const customer = await requireCustomer(locale);
  const page = `/${locale}/account/attach`;
  const parsed = ZRequestAddressClaim.safeParse({ email: formData.get("email") ?? "", locale });
  if (!parsed.success) redirect(`${page}?error=EMAIL_INVALID`);
  const result = await requestAddressClaim(await getDb(), customer.id, parsed.data, {
    secret: env().authSecret,
    mail: mailSettings(),
  });
  if (!result.ok) {
    // The signed-in customer's own row vanished: nothing sensible to show.
    if (result.code === "NOT_FOUND") notFound();
    redirect(`${page}?error=${result.code}`);
  }
  kickMailWorker();
  redirect(`${page}?claim=${result.claimId}`);
}

/** Step two: the typed code. The page shows the claim's state (result, expired, locked); only typing errors travel in the URL. */
export async function confirmAddressClaimAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const customer = await requireCustomer(locale);
  const parsed = ZConfirmAddressClaim.safeParse({
    claimId: formData.get("claimId"),
    code: formData.get("code") ?? "",
    locale,
  });
  if (!parsed.success) notFound();
  const result = await confirmAddressClaim(await getDb(), customer.id, parsed.data, {
    secret: env().authSecret,
    mail: mailSettings(),
  });
  if (!result.ok && result.code === "NOT_FOUND") notFound();
  const page = `/${locale}/account/attach?claim=${parsed.data.claimId}`;
  if (result.ok) {
    kickMailWorker();
    redirect(page);
  }
  redirect(
    result.code === "WRONG_CODE" || result.code === "CODE_FORMAT" ? `${page}&error=${result.code}` : page,
  );
}
