import { getTranslations } from "@/lib/i18n/translations";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ActionForm } from "@/components/form/action-form";
import { Hidden } from "@/components/form/fields";
import { SubmitButton } from "@/components/form/submit-button";
import { getDb } from "@/lib/db";
import { requireCustomer } from "@/lib/auth/session";
import { codeMessages } from "@/lib/i18n/code-messages";
import { Link } from "@/lib/i18n/navigation";
import { pageLocale } from "@/lib/i18n/page-locale";
import { regenerateKeyAction } from "@/lib/licenses/actions";
import { LICENSE_CODES } from "@/lib/licenses/errors";
import { maskLicenseKey } from "@/lib/licenses/license-key";
import { getActiveLicense } from "@/lib/licenses/queries";

type TProps = { params: Promise<{ locale: string; licenseId: string }> };

/** The confirm step before a key is replaced (the old one stops working). */
export default async function RegenerateKeyPage({ params }: TProps) {
  const { licenseId } = await params;
  const locale = await pageLocale(params);
  const customer = await requireCustomer(locale);
  const id = z.uuid().safeParse(licenseId);
  if (!id.success) notFound();
  const license = await getActiveLicense(await getDb(), customer.id, id.data);
  if (!license) notFound();
  const t = await getTranslations({ locale, namespace: "licenses" });
  const tForm = await getTranslations({ locale, namespace: "form" });
  return (
    <>
      <h1>{t("regenerateTitle")}</h1>
      <p className="lead">{t("regenerateLead", { key: maskLicenseKey(license.key) })}</p>
      <ActionForm
        id="regenerate"
        action={regenerateKeyAction}
        className="row"
        messages={{
          ...codeMessages(LICENSE_CODES.errors, (c) => t(`errors.${c}`)),
          ...codeMessages(LICENSE_CODES.notices, (c) => t(`notices.${c}`, { email: customer.email })),
        }}
      >
        <Hidden name="licenseId" value={license.id} />
        <SubmitButton pendingLabel={tForm("pending")}>{t("regenerateConfirm")}</SubmitButton>
        <Link href="/licenses" className="button secondary">
          {t("cancel")}
        </Link>
      </ActionForm>
    </>
  );
}
