import { getTranslations } from "@/lib/i18n/translations";
import { pageLocale } from "@/lib/i18n/page-locale";
import { Link } from "@/lib/i18n/navigation";
import { Notice } from "@/components/ui";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Where Auth.js sends a failed sign-in: a used, expired, voided or wrong link or code. */
export default async function SignInErrorPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const t = await getTranslations({ locale, namespace: "signIn" });
  const raw = (await searchParams).error;
  const isVerification = (Array.isArray(raw) ? raw[0] : raw) === "Verification";
  return (
    <>
      <h1>{t("errorTitle")}</h1>
      <Notice tone="error">{isVerification ? t("errors.VERIFICATION") : t("errors.GENERIC")}</Notice>
      <p>
        <Link href="/sign-in" className="button">
          {t("requestNew")}
        </Link>
      </p>
    </>
  );
}
