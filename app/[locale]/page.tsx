import { getTranslations } from "@/lib/i18n/translations";
import { pageLocale } from "@/lib/i18n/page-locale";
import { SignInForm } from "@/components/sign-in-form";
import { Link } from "@/lib/i18n/navigation";

const TASKS = ["licenses", "refund", "subscription", "swap", "invoice"] as const;

// The same for everyone (the sign-in form too: it answers on the sign-in page without JavaScript): rendered once per locale and process on its first request, then served
// from the page cache (lib/http/page-cache.mjs) with a hash-based CSP (proxy.ts).
export const dynamic = "force-static";
export function generateStaticParams(): { locale: string }[] {
  return [];
}

export default async function HomePage({ params }: { params: Promise<{ locale: string }> }) {
  const locale = await pageLocale(params);
  const t = await getTranslations({ locale, namespace: "home" });
  return (
    <>
      <div className="hero">
        <div>
          <h1>{t("title")}</h1>
          <p className="lead">{t("lead")}</p>
        </div>
        <div className="card sign-in-card">
          <SignInForm locale={locale} />
        </div>
      </div>
      <section aria-labelledby="tasks-title">
        <h2 id="tasks-title">{t("tasksTitle")}</h2>
        <ul className="task-list">
          {TASKS.map((task) => (
            <li key={task}>{t(`tasks.${task}`)}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="faq-title">
        <h2 id="faq-title">{t("faqTitle")}</h2>
        <p>
          <Link href="/faq">{t("faqLink")}</Link>
        </p>
      </section>
    </>
  );
}
