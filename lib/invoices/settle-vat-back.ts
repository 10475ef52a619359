import "server-only";
import type { TTx } from "@/db/open";
import { orderEvents } from "@/db/schema";
import type { TLocale } from "@/db/schema/shared";
import { recordAudit } from "@/lib/audit/record-audit";
import { enqueueMail } from "@/lib/email/outbox";
import type { TMailSettings } from "@/lib/email/templates/types";
import { vatRefundedMail } from "@/lib/email/templates/vat-refunded";
import { issueVatBackDocuments } from "./vat-back";

/**
 * The end of a VAT back whose Stripe refund succeeded, in settleRefund's transaction (the refund
 * row is already `refunded` and the order's totals raised): the credit note and the reverse-charge
 * invoice, the order's history, the audit row and one mail in the customer's language carrying both.
 */
export async function settleVatBack(
  tx: TTx,
  refund: { id: string; orderId: string; orderNumber: string; amount: number; currency: string },
  customer: { email: string; locale: string },
  mail: TMailSettings,
  now: Date,
): Promise<void> {
  const docs = await issueVatBackDocuments(tx, refund.id, now);
  if (!docs) throw new Error(`VAT back ${refund.id} is refunded but has no invoice to replace`);
  await tx.insert(orderEvents).values({
    orderId: refund.orderId,
    type: "vat_refunded",
    at: now,
    data: {
      refundId: refund.id,
      amount: refund.amount,
      currency: refund.currency,
      creditNote: docs.creditNote.number,
      invoice: docs.invoice.number,
    },
  });
  await recordAudit(tx, {
    actorType: "system",
    action: "vat_back.completed",
    subjectType: "refund",
    subjectId: refund.id,
    data: { amount: refund.amount, creditNote: docs.creditNote.number, invoice: docs.invoice.number },
  });
  const locale = customer.locale as TLocale;
  await enqueueMail(tx, {
    to: customer.email,
    locale,
    template: "vat-refunded",
    dedupeKey: `vat-refunded:${refund.id}`,
    attachments: [{ documentId: docs.creditNote.id }, { documentId: docs.invoice.id }],
    content: vatRefundedMail(
      locale,
      {
        orderNumber: refund.orderNumber,
        amount: refund.amount,
        currency: refund.currency,
        creditNote: docs.creditNote,
        invoice: docs.invoice,
      },
      mail,
    ),
  });
}
