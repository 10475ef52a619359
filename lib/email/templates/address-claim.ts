import type { TLocale } from "@/db/schema/shared";
import type { TMailBlock } from "../html";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

/**
 * "Changed e-mail", sent to the OTHER address: who asked, the code, and that
 * ignoring it changes nothing. The same mail whether or not that address has
 * purchases, so it tells nothing to whoever asked.
 */
export function addressClaimMail(
  locale: TLocale,
  d: { requestedBy: string; code: string; minutes: number },
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("addressClaim.subject", { vendor: s.vendorName });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("greeting") },
      { kind: "p", text: t("addressClaim.intro", { requestedBy: d.requestedBy, vendor: s.vendorName }) },
      { kind: "code", label: t("addressClaim.codeLabel"), value: d.code },
      { kind: "p", text: t("addressClaim.expiry", { minutes: d.minutes }) },
      { kind: "p", text: t("addressClaim.ignore") },
    ],
    s,
  );
}

/** To the signed-in address once the code was right and the purchases moved. */
export function addressAttachedMail(
  locale: TLocale,
  d: { from: string; orderNumbers: string[]; licenses: number },
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("addressAttached.subject", { vendor: s.vendorName, from: d.from });
  const shown = d.orderNumbers.slice(0, 20);
  const blocks: TMailBlock[] = [
    { kind: "p", text: t("greeting") },
    {
      kind: "p",
      text: t("addressAttached.body", { count: d.orderNumbers.length, licenses: d.licenses, from: d.from }),
    },
    { kind: "list", items: shown },
  ];
  if (d.orderNumbers.length > shown.length)
    blocks.push({
      kind: "p",
      text: t("addressAttached.more", { count: d.orderNumbers.length - shown.length }),
    });
  blocks.push(
    { kind: "button", label: t("addressAttached.portal"), href: `${s.portalUrl}/${locale}/orders` },
    { kind: "p", text: t("addressAttached.notYou", { email: s.supportEmail }) },
  );
  return composeMail(locale, subject, blocks, s);
}

/**
 * To the OLD address once support attached its purchases to another account (a lost-address
 * request): where they went, and whom to write to if nobody there asked for it.
 */
export function addressMovedMail(
  locale: TLocale,
  d: { to: string; orders: number },
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("addressMoved.subject", { vendor: s.vendorName });
  return composeMail(
    locale,
    subject,
    [
      { kind: "p", text: t("greeting") },
      { kind: "p", text: t("addressMoved.body", { to: d.to, count: d.orders }) },
      { kind: "p", text: t("addressMoved.notYou", { email: s.supportEmail }) },
    ],
    s,
  );
}
