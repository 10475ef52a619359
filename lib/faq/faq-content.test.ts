import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES, type TLocale } from "@/db/schema/shared";
import { FAQ_FLOW_TAGS } from "./faq-types";
import { parseFaq } from "./parse-faq";
import { searchFaq } from "./search-faq";

const dir = path.join(__dirname, "..", "..", "content", "faq");
const read = (locale: TLocale) => fs.readFileSync(path.join(dir, `${locale}.md`), "utf8");
const sources = Object.fromEntries(LOCALES.map((locale) => [locale, read(locale)])) as Record<
  TLocale,
  string
>;
const faqs = Object.fromEntries(LOCALES.map((locale) => [locale, parseFaq(sources[locale])])) as Record<
  TLocale,
  ReturnType<typeof parseFaq>
>;

const REFUND_WORD: Record<TLocale, string> = { en: "refund", fr: "remboursement", it: "rimborso" };
const FLOW_PATHS = ["/licenses", "/orders", "/subscriptions", "/sign-in", "/faq"];
const FORBIDDEN = [
  "aomei",
  "mycommerce",
  "regnow",
  "backupper",
  "multcloud",
  "partition assistant",
  "twitter",
  "facebook",
];
const PLACEHOLDERS = ["{vendorName}", "{supportEmail}"];

describe("FAQ content files", () => {
  it.each(LOCALES)("%s parses into 20 or more entries", (locale) => {
    expect(faqs[locale].length).toBeGreaterThanOrEqual(20);
  });

  it("has the same ids in the same order, with the same tags, in every locale", () => {
    const reference = faqs.en.map((entry) => ({ id: entry.id, tags: entry.tags }));
    for (const locale of LOCALES) {
      expect(
        faqs[locale].map((entry) => ({ id: entry.id, tags: entry.tags })),
        locale,
      ).toEqual(reference);
    }
  });

  it("has at least one entry for every flow tag", () => {
    for (const tag of FAQ_FLOW_TAGS) {
      expect(
        faqs.en.some((entry) => entry.tags.includes(tag)),
        tag,
      ).toBe(true);
    }
  });

  it.each(LOCALES)("%s: the refund entry comes first when searching the word for refund", (locale) => {
    expect(searchFaq(faqs[locale], REFUND_WORD[locale], locale)[0]?.entry.id).toBe("refund-policy");
  });

  it.each(LOCALES)("%s: answers contain no raw HTML", (locale) => {
    for (const entry of faqs[locale]) {
      expect(/<[a-z!/?]/i.test(entry.answer), entry.id).toBe(false);
      expect(/<[a-z!/?]/i.test(entry.question), entry.id).toBe(false);
    }
  });

  it.each(LOCALES)(
    "%s: names nothing of the seeds' vendor, products, reseller or social networks",
    (locale) => {
      const text = sources[locale].toLowerCase();
      for (const name of FORBIDDEN) expect(text.includes(name), name).toBe(false);
      expect(text).not.toMatch(/[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/);
    },
  );

  it.each(LOCALES)("%s: uses only the known placeholders", (locale) => {
    for (const entry of faqs[locale]) {
      const found = `${entry.question}\n${entry.answer}`.match(/\{[^}\n]*\}/g) ?? [];
      for (const placeholder of found)
        expect(PLACEHOLDERS, `${entry.id}: ${placeholder}`).toContain(placeholder);
    }
  });

  it.each(LOCALES)("%s: every link points at a portal flow, without a locale", (locale) => {
    let links = 0;
    for (const entry of faqs[locale]) {
      for (const match of entry.answer.matchAll(/\]\(([^)\s]*)\)/g)) {
        links++;
        const target = match[1] ?? "";
        const pathname = target.split("#")[0] ?? "";
        expect(FLOW_PATHS, `${entry.id}: ${target}`).toContain(pathname);
      }
    }
    expect(links).toBeGreaterThan(0);
  });

  it("links each flow's key entries to that flow", () => {
    const linksOf = (id: string) => faqs.en.find((entry) => entry.id === id)?.answer ?? "";
    expect(linksOf("lost-license")).toContain("](/licenses)");
    expect(linksOf("refund-policy")).toContain("](/orders)");
    expect(linksOf("cancel-yearly-plan")).toContain("](/subscriptions)");
    expect(linksOf("wrong-product")).toContain("](/orders)");
    expect(linksOf("sign-in")).toContain("](/sign-in)");
  });

  it.each(LOCALES)("%s: the same links appear in the same entries", (locale) => {
    const targets = (entries: typeof faqs.en) =>
      entries.map((entry) => [...entry.answer.matchAll(/\]\(([^)\s]*)\)/g)].map((match) => match[1]));
    expect(targets(faqs[locale])).toEqual(targets(faqs.en));
  });
});

describe("the FAQ search finds what people type (issue 14)", () => {
  const first = (locale: TLocale, query: string) => searchFaq(faqs[locale], query, locale)[0]?.entry;
  const LICENSE_QUERIES: Record<TLocale, string[]> = {
    en: ["licence", "licences", "license", "licence key", "lost key"],
    fr: ["licence", "licences", "cle de licence", "clé", "code de licence", "licnce"],
    it: ["licenza", "licenze", "chiave di licenza", "codice di licenza", "licence"],
  };
  const REFUND_QUERIES: Record<TLocale, string[]> = {
    en: ["refunds", "refunded", "money back", "reimbursement"],
    fr: ["remboursements", "rembourser", "remboursé", "rembousement"],
    it: ["rimborsi", "rimborsare", "rimborsato", "rimboso"],
  };
  const PLAN_QUERIES: Record<TLocale, string[]> = {
    en: ["subscripton", "cancel subscription", "annual plan"],
    fr: ["abonement", "résilier abonnement", "resiliation"],
    it: ["abonamento", "disdetta", "disdire abbonamento"],
  };

  it.each(LOCALES)("%s: license words find a license entry first", (locale) => {
    for (const q of LICENSE_QUERIES[locale]) expect(first(locale, q)?.tags, q).toContain("licenses");
  });
  it.each(LOCALES)(
    "%s: refund words, plurals, conjugations and typos find the refund policy first",
    (locale) => {
      for (const q of REFUND_QUERIES[locale]) expect(first(locale, q)?.id, q).toBe("refund-policy");
    },
  );
  it.each(LOCALES)("%s: yearly-plan words and typos find the cancel entry first", (locale) => {
    for (const q of PLAN_QUERIES[locale]) expect(first(locale, q)?.id, q).toBe("cancel-yearly-plan");
  });
});
