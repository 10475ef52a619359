"use server";

import { formLocale } from "@/lib/actions/form-locale";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireCustomer } from "@/lib/auth/session";
import { mailSettings } from "@/lib/email/settings";
import { kickMailWorker } from "@/lib/email/worker";
import { requestLostAddress } from "./request-lost-address";
import { lostAddressErrorOf, ZLostAddress } from "./schemas";

const field = (formData: FormData, name: string) => {
  const v = formData.get(name);
  return typeof v === "string" ? v : "";
};

/** "I lost access to my old address": files the request for support and acknowledges it by mail. */
export async function requestLostAddressAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const customer = await requireCustomer(locale);
  const page = `/${locale}/account/lost-address`;
  const parsed = ZLostAddress.safeParse({
    oldEmail: field(formData, "oldEmail"),
    orderNumbers: field(formData, "orderNumbers"),
    purchaseDate: field(formData, "purchaseDate"),
    amount: field(formData, "amount"),
    message: field(formData, "message"),
    locale,
  });
  if (!parsed.success) redirect(`${page}?error=${lostAddressErrorOf(parsed.error)}`);
  const result = await requestLostAddress(await getDb(), customer.id, parsed.data, mailSettings());
  if (!result.ok) {
    // The signed-in customer's own row vanished: nothing sensible to show.
    if (result.code === "NOT_FOUND") notFound();
    redirect(`${page}?error=${result.code}`);
  }
  kickMailWorker();
  redirect(`${page}?status=SENT`);
}
