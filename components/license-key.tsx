import type { TLocale } from "@/lib/i18n/locale";
import { translator } from "@/lib/i18n/translations";
import { maskLicenseKey } from "@/lib/licenses/license-key";
import { CopyButton } from "./copy-button";

/** A key masked until revealed (a disclosure widget: no JavaScript needed), with one-click copy. */
export function LicenseKey({ value, locale }: { value: string; locale: TLocale }) {
  const t = translator({ locale, namespace: "licenses" });
  return (
    <details className="license-key">
      <summary>
        <code aria-label={t("maskedKey")}>{maskLicenseKey(value)}</code>{" "}
        <span className="reveal">{t("reveal")}</span>
      </summary>
      <code className="key">{value}</code>{" "}
      <CopyButton value={value} label={t("copy")} copiedLabel={t("copied")} />
    </details>
  );
}
