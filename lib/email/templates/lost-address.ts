import type { TLocale } from "@/db/schema/shared";
import type { TMailBlock } from "../html";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

export type TLostAddressAck = {
  oldEmail: string;
  orderNumbers: string[];
  purchaseDate: string | null;
  amount: string | null;
};

/** "I lost access to my old address": we have the request, support reviews it and answers here. */
export function lostAddressAckMail(locale: TLocale, d: TLostAddressAck, s: TMailSettings): TMailContent {
  const t = mailTranslator(locale);
  const subject = t("lostAddress.subject", { vendor: s.vendorName });
  const facts = [t("lostAddress.oldEmail", { email: d.oldEmail })];
  if (d.orderNumbers.length > 0)
    facts.push(t("lostAddress.orderNumbers", { numbers: d.orderNumbers.join(", ") }));
  if (d.purchaseDate) facts.push(t("lostAddress.purchaseDate", { date: d.purchaseDate }));
  if (d.amount) facts.push(t("lostAddress.amount", { amount: d.amount }));
  const blocks: TMailBlock[] = [
    { kind: "p", text: t("greeting") },
    { kind: "p", text: t("lostAddress.body", { vendor: s.vendorName }) },
    { kind: "list", items: facts },
    { kind: "p", text: t("lostAddress.next") },
    { kind: "p", text: t("lostAddress.notYou", { email: s.supportEmail }) },
  ];
  return composeMail(locale, subject, blocks, s);
}
