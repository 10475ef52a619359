"use server";

import { formLocale } from "@/lib/actions/form-locale";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireCustomer } from "@/lib/auth/session";
import { mailSettings } from "@/lib/email/settings";
import { kickMailWorker } from "@/lib/email/worker";
import { stripe } from "@/lib/stripe/client";
import { confirmRefund } from "./confirm-refund";
import { requestRefund } from "./request-refund";
import { requestRefundException } from "./request-refund-exception";
import { ZConfirmRefund, ZRefundException, ZRequestRefund } from "./schemas";

const orderPath = (locale: string, orderNumber: unknown) =>
  `/${locale}/orders/${encodeURIComponent(String(orderNumber ?? "").slice(0, 40))}`;

/** Step 1: the chosen items and the reason. Only ids travel; the server computes the amount. */
export async function requestRefundAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const customer = await requireCustomer(locale);
  const parsed = ZRequestRefund.safeParse({
    locale,
    orderNumber: formData.get("orderNumber"),
    itemIds: formData.getAll("itemId"),
    reason: formData.get("reason") ?? undefined,
    reasonText: formData.get("reasonText") ?? undefined,
  });
  if (!parsed.success) {
    const code = parsed.error.issues[0]?.message;
    const known = ["NOTHING_SELECTED", "REASON_REQUIRED", "REASON_TOO_LONG"].includes(code ?? "")
      ? code
      : "INVALID";
    redirect(`${orderPath(locale, formData.get("orderNumber"))}/refund?error=${known}`);
  }
  const result = await requestRefund(await getDb(), customer.id, parsed.data);
  if (!result.ok) {
    if (result.code === "NOT_FOUND" || result.code === "ITEM_NOT_FOUND") notFound();
    redirect(`${orderPath(locale, parsed.data.orderNumber)}/refund?error=${result.code}`);
  }
  redirect(`${orderPath(locale, parsed.data.orderNumber)}/refund/${result.refundId}`);
}

/** Step 2: confirmed. A double click or a second tab confirms the same refund, once. */
export async function confirmRefundAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const customer = await requireCustomer(locale);
  const parsed = ZConfirmRefund.safeParse({
    locale,
    orderNumber: formData.get("orderNumber"),
    refundId: formData.get("refundId"),
  });
  if (!parsed.success) notFound();
  const result = await confirmRefund(await getDb(), customer.id, parsed.data.refundId, {
    stripe: stripe(),
    mail: mailSettings(),
  });
  kickMailWorker();
  if (!result.ok && result.code === "NOT_FOUND") notFound();
  redirect(`${orderPath(locale, parsed.data.orderNumber)}/refund/${parsed.data.refundId}`);
}

export async function requestRefundExceptionAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const customer = await requireCustomer(locale);
  const parsed = ZRefundException.safeParse({
    locale,
    orderNumber: formData.get("orderNumber"),
    reason: formData.get("reason") ?? undefined,
    reasonText: formData.get("reasonText") ?? "",
  });
  const base = `${orderPath(locale, formData.get("orderNumber"))}/refund`;
  if (!parsed.success) {
    const code = parsed.error.issues[0]?.message;
    redirect(
      `${base}?error=${["REASON_REQUIRED", "EXPLANATION_REQUIRED", "REASON_TOO_LONG"].includes(code ?? "") ? code : "INVALID"}`,
    );
  }
  const result = await requestRefundException(await getDb(), customer.id, parsed.data, mailSettings());
  if (!result.ok && result.code === "NOT_FOUND") notFound();
  kickMailWorker();
  redirect(`${base}?status=${result.ok ? "EXCEPTION_SENT" : result.code}`);
}
