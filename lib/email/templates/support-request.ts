import type { TLocale } from "@/db/schema/shared";
import type { TMailBlock } from "../html";
import { mailTranslator } from "../translator";
import { composeMail } from "./compose";
import type { TMailContent, TMailSettings } from "./types";

export type TSupportRequestNotice = {
  requestId: string;
  kind: "refund_exception" | "lost_address" | "other";
  customerEmail: string;
  orderNumber: string | null;
  /** What the customer sent, already formatted: "Old address: …", "Reason: …". */
  facts: string[];
};

/** To support: a new request is waiting in the queue (one mail per request). */
export function supportRequestMail(
  locale: TLocale,
  d: TSupportRequestNotice,
  s: TMailSettings,
): TMailContent {
  const t = mailTranslator(locale);
  const kind = t(`supportRequest.kinds.${d.kind}`);
  const subject = d.orderNumber
    ? t("supportRequest.subjectOrder", { kind, orderNumber: d.orderNumber, email: d.customerEmail })
    : t("supportRequest.subject", { kind, email: d.customerEmail });
  const blocks: TMailBlock[] = [
    { kind: "p", text: t("supportRequest.body", { kind, email: d.customerEmail }) },
    { kind: "list", items: d.facts },
    { kind: "code", label: t("supportRequest.id"), value: d.requestId },
    { kind: "p", text: t("supportRequest.answer", { email: d.customerEmail }) },
  ];
  return composeMail(locale, subject, blocks, s);
}
