import type { TLocale } from "@/db/schema/shared";
import type { TMailSettings } from "./types";

/** Settings for the samples. */
export const MAIL_SAMPLE_SETTINGS: TMailSettings = {
  vendorName: "Lumen",
  supportEmail: "support@lumen.example",
  portalUrl: "https://portal.lumen.example",
};

/** A yearly plan's name per locale, as the catalogue holds it: the kind said once. */
export const PLAN: Record<TLocale, string> = {
  en: "Lumen Backup Yearly Plan",
  fr: "Lumen Backup (abonnement annuel)",
  it: "Lumen Backup (abbonamento annuale)",
};
export const KIND_WORD: Record<TLocale, RegExp> = { en: /plan\b/gi, fr: /abonnement/gi, it: /abbonament/gi };

const when = new Date("2026-12-01T21:07:00Z");

/**
 * Sample data for every mail template (by the template's function name), one or more cases each:
 * the glossary checks render them all (templates.test.ts), the demo mailbox previews them.
 */
export function mailSamples(locale: TLocale): Record<string, unknown[]> {
  const plan = PLAN[locale];
  return {
    paymentAwaitedMail: [
      { description: "Lumen Backup Pro", currency: "eur", total: 4995 },
      {
        description: "Lumen Backup Pro",
        currency: "eur",
        total: 4995,
        transfer: {
          iban: "FR7620041010050500013M02606",
          bic: "SBOBFRPPXXX",
          holder: "Lumen Softworks",
          reference: "K7M2QX4B9ZTD",
        },
      },
    ],
    paymentFailedMail: [
      { description: `2 × ${plan}`, currency: "eur", total: 123456 },
      { description: "Lumen Backup Pro", currency: "eur", total: 4995, byTransfer: true },
    ],
    addressClaimMail: [{ requestedBy: "chiara@demo.test", code: "K7M2QX", minutes: 10 }],
    addressAttachedMail: [
      { from: "old@demo.test", orderNumbers: ["ORD-2026-AAAAAA"], licenses: 1 },
      { from: "old@demo.test", orderNumbers: ["ORD-2026-AAAAAA", "ORD-2026-BBBBBB"], licenses: 12 },
    ],
    deliveryMail: [
      {
        orderNumber: "ORD-2026-K7M2QX",
        currency: "eur",
        total: 123456,
        items: [
          {
            productName: plan,
            quantity: 2,
            keys: ["AAAA-1111-BBBB-2222", "CCCC-3333-DDDD-4444"],
            downloadUrl: "https://download.lumen.example/backup?os=win&v=2",
          },
        ],
        invoice: { id: "3f2a9c1e-5b7d-4e8f-a0b1-c2d3e4f5a6b7", number: "INV-2026-000042" },
      },
    ],
    keysMail: [
      {
        licenses: [
          { productName: plan, key: "AAAA-1111", orderNumber: "ORD-2026-K7M2QX", downloadUrl: null },
          {
            productName: "Lumen Partition Pro",
            key: "BBBB-2222",
            orderNumber: "ORD-2026-K7M2QX",
            downloadUrl: null,
          },
        ],
      },
    ],
    keyRegeneratedMail: [{ productName: plan, newKey: "AAAA-1111-BBBB-2222", oldKeyEnd: "Z9Z9Z" }],
    lostAddressAckMail: [
      {
        oldEmail: "old@demo.test",
        orderNumbers: ["ORD-2026-K7M2QX"],
        purchaseDate: "2026-03-01",
        amount: "49,95 EUR",
      },
      { oldEmail: "old@demo.test", orderNumbers: [], purchaseDate: null, amount: null },
    ],
    refundConfirmedMail: [
      {
        orderNumber: "ORD-2026-K7M2QX",
        amount: 123456,
        currency: "eur",
        isWithdrawal: true,
        withdrawnAt: when,
        revokedProducts: [plan],
        creditNote: { id: "7d1f0c52-8a4e-4c1b-9f0e-2b6a1d3c4e5f", number: "CN-2026-000012" },
      },
      {
        orderNumber: "ORD-2026-K7M2QX",
        amount: 4995,
        currency: "eur",
        isWithdrawal: false,
        withdrawnAt: when,
        revokedProducts: [],
        creditNote: { id: "0c8e5a3b-6d2f-4e1a-8b7c-9d0e1f2a3b4c", number: "CN-2026-000013" },
      },
    ],
    refundFailedMail: [{ orderNumber: "ORD-2026-K7M2QX", amount: 123456, currency: "eur" }],
    refundExceptionAckMail: [{ orderNumber: "ORD-2026-K7M2QX" }],
    renewalFailedMail: [
      {
        productName: plan,
        currency: "eur",
        total: 2995,
        subscriptionId: "c0ffee00-0000-4000-8000-000000000002",
        nextAttempt: when,
      },
      {
        productName: plan,
        currency: "eur",
        total: 2995,
        subscriptionId: "c0ffee00-0000-4000-8000-000000000002",
        nextAttempt: null,
      },
    ],
    invoiceCorrectedMail: [
      {
        orderNumber: "ORD-2026-K7M2QX",
        documents: [
          {
            creditNote: { id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", number: "CN-2026-000014" },
            invoice: { id: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", number: "INV-2026-000044" },
          },
        ],
      },
    ],
    vatRefundedMail: [
      {
        orderNumber: "ORD-2026-K7M2QX",
        amount: 2198,
        currency: "eur",
        creditNote: { id: "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f", number: "CN-2026-000015" },
        invoice: { id: "4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80", number: "INV-2026-000045" },
      },
    ],
    renewalMail: [
      { orderNumber: "ORD-2026-K7M2QX", productName: plan, currency: "eur", total: 2995, periodEnd: when },
      {
        orderNumber: "ORD-2026-K7M2QX",
        productName: plan,
        currency: "eur",
        total: 2995,
        periodEnd: when,
        invoice: { id: "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9", number: "INV-2026-000043" },
      },
    ],
    signInMail: [
      {
        link: "https://portal.lumen.example/api/auth/callback?token=abc&email=a%40b",
        code: "K7M2QX",
        minutes: 10,
      },
    ],
    noPurchasesMail: [{ email: "nobody@demo.test" }],
    addressMovedMail: [
      { to: "new@demo.test", orders: 1 },
      { to: "new@demo.test", orders: 3 },
    ],
    supportDecisionMail: [
      { approved: true, kind: "refund_exception", orderNumber: "ORD-2026-K7M2QX", note: "OK" },
      { approved: false, kind: "lost_address", orderNumber: null, note: "OK" },
    ],
    staffSignInMail: [
      {
        link: "https://portal.lumen.example/en/staff/sign-in/confirm?code=K7M2QX&email=a%40b",
        code: "K7M2QX",
        minutes: 10,
      },
    ],
    subscriptionCancelledMail: [{ productName: plan, until: when }],
    subscriptionResumedMail: [{ productName: plan, renewsOn: when }],
    supportRequestMail: [
      {
        requestId: "c0ffee00-0000-4000-8000-000000000001",
        kind: "refund_exception",
        customerEmail: "bruno@demo.test",
        orderNumber: "ORD-2026-K7M2QX",
        facts: [],
      },
      {
        requestId: "c0ffee00-0000-4000-8000-000000000002",
        kind: "lost_address",
        customerEmail: "a@demo.test",
        orderNumber: null,
        facts: [],
      },
    ],
    swapPaymentFailedMail: [
      {
        orderNumber: "ORD-2026-K7M2QX",
        fromProduct: "Lumen Backup Standard",
        toProduct: "Lumen Backup Pro",
        difference: 2000,
        currency: "eur",
      },
    ],
    swapMail: [
      {
        orderNumber: "ORD-2026-K7M2QX",
        fromProduct: "Lumen Backup Standard",
        toProduct: "Lumen Backup Pro",
        keys: ["AAAA-1111"],
        downloadUrl: null,
        difference: 200000,
        currency: "eur",
        isPlan: false,
      },
      {
        orderNumber: "ORD-2026-K7M2QX",
        fromProduct: plan,
        toProduct: "Lumen CloudSync",
        keys: ["AAAA-1111"],
        downloadUrl: "https://download.lumen.example/cloudsync",
        difference: -1000,
        currency: "eur",
        isPlan: true,
      },
    ],
  };
}
