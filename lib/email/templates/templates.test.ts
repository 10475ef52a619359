import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { TLocale } from "@/db/schema/shared";
import { englishLeftovers, forbiddenVariants, typographyProblems, wordsOf } from "@/lib/i18n/glossary";
import { routing } from "@/lib/i18n/routing";
import { MAIL_TEMPLATES, mailPreviews } from "./catalogue";
import { KIND_WORD, MAIL_SAMPLE_SETTINGS as settings, mailSamples, PLAN } from "./samples";
import type { TMailContent, TMailSettings } from "./types";

/**
 * Every mail template, rendered in the three locales with sample data, checked against
 * messages/GLOSSARY.md like the catalogues are. A template added without sample data fails here:
 * add its sample to SAMPLES.
 */

type TTemplate = (locale: TLocale, data: never, settings: TMailSettings) => TMailContent;

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
  const data = mailSamples(locale);
  return [...templates].flatMap(([name, template]) => {
    const cases = data[name];
    if (cases === undefined) throw new Error(`${name}: add sample data to mailSamples in samples.ts`);
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
  it("are all found, each has sample data and is in the catalogue (the demo mailbox's previews)", () => {
    expect(templates.size).toBeGreaterThan(10);
    expect([...MAIL_TEMPLATES.keys()].sort()).toEqual([...templates.keys()].sort());
    expect(mailPreviews().length).toBe(routing.locales.reduce((n, l) => n + render(l).length, 0));
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
