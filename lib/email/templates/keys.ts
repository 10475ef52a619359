import type { TLocale } from "@/db/schema/shared";
import type { TMailBlock } from "../html";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

export type TKeysMail = {
  licenses: { productName: string; key: string; orderNumber: string; downloadUrl: string | null }[];
};

/** "E-mail me my keys": every active key, to the purchase address only. */
export function keysMail(locale: TLocale, d: TKeysMail, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("keys.subject", { vendor: s.vendorName });
  const blocks: TMailBlock[] = [
    { kind: "p", text: t("greeting") },
    { kind: "p", text: t("keys.intro", { count: d.licenses.length }) },
  ];
  for (const l of d.licenses) {
    blocks.push({
      kind: "code",
      label: t("keys.line", { product: l.productName, orderNumber: l.orderNumber }),
      value: l.key,
    });
    if (l.downloadUrl)
      blocks.push({
        kind: "link",
        label: t("delivery.download", { product: l.productName }),
        href: l.downloadUrl,
      });
  }
  blocks.push({ kind: "button", label: t("keys.portal"), href: `${s.portalUrl}/${locale}/licenses` });
  return composeMail(locale, subject, blocks, s);
}

/** A key was regenerated: the new one, and that the old one no longer works. */
export function keyRegeneratedMail(
  locale: TLocale,
  d: { productName: string; newKey: string; oldKeyEnd: string },
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("keyRegenerated.subject", { vendor: s.vendorName, product: d.productName });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("greeting") },
      { kind: "p", text: t("keyRegenerated.body", { product: d.productName, oldKeyEnd: d.oldKeyEnd }) },
      { kind: "code", label: t("keyRegenerated.newKey"), value: d.newKey },
      { kind: "p", text: t("keyRegenerated.notYou", { email: s.supportEmail }) },
    ],
    s,
  );
}
