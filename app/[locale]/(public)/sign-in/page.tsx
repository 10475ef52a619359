import { getTranslations } from "@/lib/i18n/translations";
import { redirect } from "next/navigation";
import { FaqPanel } from "@/components/faq/faq-panel";
import { SignInForm } from "@/components/sign-in-form";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getSessionCustomer } from "@/lib/auth/session";
import { pageLocale } from "@/lib/i18n/page-locale";

type TProps = {
  params: Promise<{ locale: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function SignInPage({ params, searchParams }: TProps) {
  const locale = await pageLocale(params);
  const next = safeReturnPath((await searchParams).next);
  if (await getSessionCustomer()) redirect(next ?? `/${locale}/orders`);
  const t = await getTranslations({ locale, namespace: "signIn" });
  return (
    <div className="with-aside">
      <div>
        <h1>{t("title")}</h1>
        <p className="lead">{t("lead")}</p>
        <SignInForm locale={locale} next={next} />
      </div>
      <FaqPanel locale={locale} tag="sign-in" />
    </div>
  );
}
