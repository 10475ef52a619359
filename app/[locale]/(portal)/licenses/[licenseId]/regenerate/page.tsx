import { and, eq } from "drizzle-orm";
import { pageLocale } from "@/lib/i18n/page-locale";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { licenses } from "@/db/schema";
import { requireCustomer } from "@/lib/auth/session";
import { Link } from "@/lib/i18n/navigation";
import { regenerateKeyAction } from "@/lib/licenses/actions";
import { maskLicenseKey } from "@/lib/licenses/license-key";

type TProps = { params: Promise<{ locale: string; licenseId: string }> };

/** The confirm step before a key is replaced (the old one stops working). */
export default async function RegenerateKeyPage({ params }: TProps) {
  const { licenseId } = await params;
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const id = z.uuid().safeParse(licenseId);
  if (!id.success) notFound();
  const [license] = await (
    await getDb()
  )
    .select({ key: licenses.key })
    .from(licenses)
    .where(
      and(eq(licenses.id, id.data), eq(licenses.customerId, customer.id), eq(licenses.status, "active")),
    );
  if (!license) notFound();
  const t = await getTranslations({ locale, namespace: "licenses" });
  return (
    <>
      <h1>{t("regenerateTitle")}</h1>
      <p className="lead">{t("regenerateLead", { key: maskLicenseKey(license.key) })}</p>
      <form action={regenerateKeyAction} className="row">
        <input type="hidden" name="locale" value={locale} />
        <input type="hidden" name="licenseId" value={id.data} />
        <button type="submit">{t("regenerateConfirm")}</button>
        <Link href="/licenses" className="button secondary">
          {t("cancel")}
        </Link>
      </form>
    </>
  );
}
