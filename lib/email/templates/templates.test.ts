import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { TLocale } from "@/db/schema/shared";
import { englishLeftovers, forbiddenVariants, typographyProblems, wordsOf } from "@/lib/i18n/glossary";
import { routing } from "@/lib/i18n/routing";
import type { TMailContent, TMailSettings } from "./types";

/**
 * Every mail template, rendered in the three locales with sample data, checked against
 * messages/GLOSSARY.md like the catalogues are. A template added without sample data fails here:
 * add its sample to SAMPLES.
 */

type TTemplate = (locale: TLocale, data: never, settings: TMailSettings) => TMailContent;

const settings: TMailSettings = {
  vendorName: "Lumen",
  supportEmail: "support@lumen.example",
  portalUrl: "https://portal.lumen.example",
};

/** A yearly plan's name per locale, as the catalogue holds it: the kind said once. */
const PLAN: Record<TLocale, string> = {
  en: "Lumen Backup Yearly Plan",
  fr: "Lumen Backup (abonnement annuel)",
  it: "Lumen Backup (abbonamento annuale)",
};
const KIND_WORD: Record<TLocale, RegExp> = { en: /plan\b/gi, fr: /abonnement/gi, it: /abbonament/gi };

const when = new Date("2026-12-01T21:07:00Z");

function samples(locale: TLocale): Record<string, unknown[]> {
  const plan = PLAN[locale];
  return {
    paymentAwaitedMail: [{ description: "Lumen Backup Pro", currency: "eur", total: 4995 }],
    paymentFailedMail: [{ description: `2 × ${plan}`, currency: "eur", total: 123456 }],
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
    renewalMail: [
      { orderNumber: "ORD-2026-K7M2QX", productName: plan, currency: "eur", total: 2995, periodEnd: when },
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

const templates = new Map<string, TTemplate>();

beforeAll(async () => {
  const dir = __dirname;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
    const exported = (await import(path.join(dir, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) {
      if (typeof value === "function" && name.endsWith("Mail") && name !== "composeMail") {
        templates.set(name, value as TTemplate);
      }
    }
  }
});

function render(locale: TLocale): Array<[string, TMailContent]> {
  const data = samples(locale);
  return [...templates].flatMap(([name, template]) => {
    const cases = data[name];
    if (cases === undefined) throw new Error(`${name}: add sample data to SAMPLES in templates.test.ts`);
    return cases.map(
      (d, i) => [`${name}#${i}`, template(locale, d as never, settings)] as [string, TMailContent],
    );
  });
}

/** What the reader reads: the subject and the plain text (the HTML carries the same blocks). */
function readable(mail: TMailContent): string {
  return `${mail.subject}\n${mail.text}`;
}

const englishCatalogue = JSON.stringify(
  JSON.parse(readFileSync(path.join(__dirname, "../../../messages/en.json"), "utf8")),
);

describe("mail templates", () => {
  it("are all found, and each has sample data", () => {
    expect(templates.size).toBeGreaterThan(10);
    for (const locale of routing.locales) expect(render(locale).length).toBeGreaterThan(templates.size - 1);
  });

  describe.each(routing.locales)("rendered in %s", (locale) => {
    it("follow the glossary's typography", () => {
      const problems = render(locale).flatMap(([name, mail]) =>
        typographyProblems(readable(mail), locale).map((p) => `${name}: ${p}`),
      );
      expect(problems).toEqual([]);
    });

    it("use no forbidden variant", () => {
      const problems = render(locale).flatMap(([name, mail]) =>
        forbiddenVariants(readable(mail), locale).map((p) => `${name}: ${p}`),
      );
      expect(problems).toEqual([]);
    });

    it("name a yearly plan without repeating its kind", () => {
      for (const [name, mail] of render(locale)) {
        for (const line of readable(mail).split("\n")) {
          if (!line.includes(PLAN[locale])) continue;
          expect(line.match(KIND_WORD[locale])?.length ?? 0, `${name}: ${line}`).toBeLessThanOrEqual(
            (PLAN[locale].match(KIND_WORD[locale]) ?? []).length,
          );
        }
      }
    });

    it("carry the localized product name, never another locale's", () => {
      const others = routing.locales.filter((l) => l !== locale).map((l) => PLAN[l]);
      for (const [name, mail] of render(locale)) {
        for (const other of others) expect(readable(mail), name).not.toContain(other);
      }
    });
  });

  it.each(["fr", "it"] as const)("rendered in %s leave no English word outside the allow-list", (locale) => {
    const english = new Set(wordsOf(englishCatalogue));
    const problems = render(locale).flatMap(([name, mail]) =>
      englishLeftovers(readable(mail), locale, english).map((w) => `${name}: “${w}”`),
    );
    expect(problems).toEqual([]);
  });

  it("write French times 21 h 07 and label colons with a no-break space", () => {
    const [, withdrawal] = render("fr").find(([name]) => name === "refundConfirmedMail#0")!;
    expect(withdrawal.text).toContain("21\u00a0h\u00a007");
    expect(withdrawal.text).toMatch(/Voir la commande\u00a0:\n/);
  });
});
