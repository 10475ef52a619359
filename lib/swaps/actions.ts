"use server";

import { formLocale } from "@/lib/actions/form-locale";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireCustomer } from "@/lib/auth/session";
import { mailSettings } from "@/lib/email/settings";
import { kickMailWorker } from "@/lib/email/worker";
import { stripe } from "@/lib/stripe/client";
import { ZStartSwap } from "./schemas";
import { startSwap } from "./start-swap";

const orderPath = (locale: string, orderNumber: unknown) =>
  `/${locale}/orders/${encodeURIComponent(String(orderNumber ?? "").slice(0, 40))}`;

/** The chosen item and target product. A dearer swap continues on Stripe's hosted Checkout. */
export async function startSwapAction(formData: FormData): Promise<void> {
  const locale = formLocale(formData);
  const customer = await requireCustomer(locale);
  const parsed = ZStartSwap.safeParse({
    locale,
    orderNumber: formData.get("orderNumber"),
    itemId: formData.get("itemId"),
    targetProductId: formData.get("targetProductId") ?? undefined,
  });
  const base = `${orderPath(locale, formData.get("orderNumber"))}/swap`;
  if (!parsed.success) {
    const code = parsed.error.issues.find((i) => i.path[0] === "targetProductId")
      ? "NOTHING_SELECTED"
      : "INVALID";
    redirect(
      `${base}?error=${code}&item=${encodeURIComponent(String(formData.get("itemId") ?? "").slice(0, 36))}`,
    );
  }
  const result = await startSwap(await getDb(), customer.id, parsed.data, {
    stripe: stripe(),
    mail: mailSettings(),
  });
  kickMailWorker();
  if (!result.ok) {
    if (result.code === "NOT_FOUND") notFound();
    redirect(`${base}?error=${result.code}&item=${parsed.data.itemId}`);
  }
  redirect(result.checkoutUrl ?? `${base}/${result.swapId}`);
}
