import { redirect } from "next/navigation";
import HomePage from "../page";
import { getSessionCustomer } from "@/lib/auth/session";
import { pageLocale } from "@/lib/i18n/page-locale";

// The home page for a request with a session cookie (the proxy rewrites `/[locale]` here; see
// lib/http/signed-in-twin.ts): a signed-in customer's home is their orders; a cookie whose session
// has ended gets the home page, rendered per request.
export const dynamic = "force-dynamic";

export default async function SignedInHomePage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  if (await getSessionCustomer()) redirect(`/${locale}/orders`);
  return <HomePage params={params} />;
}
