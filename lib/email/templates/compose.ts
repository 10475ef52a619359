import type { TLocale } from "@/db/schema/shared";
import { renderMail, type TMailBlock } from "../html";
import { mailTranslator } from "../translator";
import type { TMailContent, TMailSettings } from "./types";

/** A mail of the portal: its blocks in text and HTML, in the reader's language, with the vendor's footer. */
export function composeMail(
  locale: TLocale,
  subject: string,
  blocks: TMailBlock[],
  s: TMailSettings,
): TMailContent {
  const footer = mailTranslator(locale)("footer", { vendor: s.vendorName, email: s.supportEmail });
  return {
    subject,
    ...renderMail({
      lang: locale,
      subject,
      blocks,
      footer,
      vendorName: s.vendorName,
      trustedOrigins: [s.portalUrl],
    }),
  };
}
