import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TLocale } from "@/db/schema/shared";
import { parseFaq } from "@/lib/faq/parse-faq";
import { englishLeftovers, forbiddenVariants, typographyProblems, wordsOf } from "./glossary";
import { routing } from "./routing";

type TTree = { [key: string]: string | TTree };

const root = path.join(__dirname, "../..");

function entriesOf(tree: TTree, prefix = ""): Array<[string, string]> {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : entriesOf(v, `${prefix}${k}.`),
  );
}

function catalogue(locale: TLocale): Array<[string, string]> {
  const tree = JSON.parse(readFileSync(path.join(root, "messages", `${locale}.json`), "utf8")) as TTree;
  return entriesOf(tree);
}

function faq(locale: TLocale): Array<[string, string]> {
  const entries = parseFaq(readFileSync(path.join(root, "content", "faq", `${locale}.md`), "utf8"));
  return entries.flatMap((e) => [
    [`faq ${e.id} (question)`, e.question] as [string, string],
    [`faq ${e.id} (answer)`, e.answer] as [string, string],
  ]);
}

/** Every text a reader sees, per locale: the catalogue's messages and the FAQ's questions and answers. */
function textsOf(locale: TLocale): Array<[string, string]> {
  return [...catalogue(locale), ...faq(locale)];
}

const english = new Set(textsOf("en").flatMap(([, text]) => wordsOf(text)));

describe.each(routing.locales)("the %s texts follow messages/GLOSSARY.md", (locale) => {
  it("typography (apostrophes, spaces before : ; ! ?, « », times, thousands)", () => {
    const problems = textsOf(locale).flatMap(([key, text]) =>
      typographyProblems(text, locale).map((p) => `${key}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it("one term per concept (no forbidden variant)", () => {
    const problems = textsOf(locale).flatMap(([key, text]) =>
      forbiddenVariants(text, locale).map((p) => `${key}: ${p}`),
    );
    expect(problems).toEqual([]);
  });
});

describe.each(["fr", "it"] as const)("the %s texts", (locale) => {
  it("leave no English word outside the allow-list", () => {
    const problems = textsOf(locale).flatMap(([key, text]) =>
      englishLeftovers(text, locale, english).map((w) => `${key}: “${w}”`),
    );
    expect(problems).toEqual([]);
  });
});

describe("the checks catch the examples of issue 14", () => {
  it.each([
    ["fr", "Voir la commande:"],
    ["fr", "Voir la commande :"],
    ["fr", "le 1 décembre à 21:07"],
    ["fr", "1000 caractères"],
    ["fr", "1 000 caractères"],
    ["fr", "Une question correspond à «licence»."],
    ["fr", "l'adresse"],
    ["it", "l'indirizzo"],
    ["en", "the order's address"],
    ["it", "Al massimo 1000 caratteri"],
    ["it", "Cerca « licenza »"],
    ["en", "Questions ?"],
  ] as const)("%s typography: %s", (locale, text) => {
    expect(typographyProblems(text, locale)).not.toEqual([]);
  });

  it.each([
    ["fr", "ignorez ce message : rien ne se passe sans lui."],
    ["fr", "Indiquez le montant en peu de caractères, comme 49,95 EUR."],
    ["fr", "Aide pour cette étape"],
    ["fr", "votre abonnement {product} a été renouvelé"],
    ["fr", "Votre abonnement annuel à {product} a été renouvelé"],
    ["fr", "Elles gardent l’adresse avec laquelle elles ont été payées."],
    ["fr", "C’est l’adresse avec laquelle vous êtes connecté."],
    ["fr", "Nos licences Éducation"],
    ["fr", "votre code de licence"],
    ["it", "senza di esso non succede nulla"],
    ["it", "Indica l’importo in breve, come 49,95 EUR."],
    ["it", "La tua richiesta è nelle mani del nostro supporto."],
    ["it", "Ti inviamo lì un codice."],
    ["it", "Tengo il mio acquisto"],
    ["it", "Cambiabile fino al {date}"],
    ["it", "Se non sei stato tu, scrivi subito a {email}."],
    ["it", "Le nostre licenze Education"],
    ["it", "Aiuto per questo passaggio"],
    ["it", "il tuo piano annuale per {product}"],
    ["it", "Mantengono l’indirizzo con cui sono stati pagati."],
    ["en", "They keep the address they were bought with."],
    ["en", "your {product} plan has been renewed"],
    ["en", "Help for this step"],
    ["en", "Your licence key"],
  ] as const)("%s terms: %s", (locale, text) => {
    expect(forbiddenVariants(text, locale)).not.toEqual([]);
  });

  it("finds English left in French or Italian", () => {
    expect(englishLeftovers("Votre order est refunded.", "fr", english)).toEqual(["order", "refunded"]);
    expect(englishLeftovers("{count, plural, one {# ordine} other {# ordini}}", "it", english)).toEqual([]);
  });
});
