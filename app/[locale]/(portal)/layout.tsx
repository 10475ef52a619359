import type { ReactNode } from "react";
import { pageLocale } from "@/lib/i18n/page-locale";
import { requireCustomer } from "@/lib/auth/session";

/**
 * Everything behind a session. This only sends strangers to sign-in; every query still filters by
 * the customer. The navigation and the account menu (sign out) are in the site header.
 */
export default async function PortalLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ locale: string }>;
}) {
  await requireCustomer(await pageLocale(params));
  return children;
}
