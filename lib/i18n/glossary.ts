/**
 * The machine-readable part of messages/GLOSSARY.md: the variants a locale must not use, the English
 * words a French or Italian text may contain, and the typographic rules, as pure checks over text.
 * The catalogues, the FAQ and every rendered mail are checked with them (glossary.test.ts and
 * lib/email/templates/templates.test.ts).
 */
import type { TLocale } from "@/db/schema/shared";

export type TForbidden = { pattern: RegExp; use: string };

/**
 * Variants each locale must not use, with the glossary's word. The examples (calques,
 * gendered phrases, repeated product kinds) are listed so that they cannot come back.
 */
export const FORBIDDEN: Record<TLocale, readonly TForbidden[]> = {
  en: [
    { pattern: /\blicence/i, use: "license (US spelling; “licence” is only a search synonym)" },
    { pattern: /help for this step/i, use: "Help on this topic" },
    { pattern: /nothing happens without it/i, use: "if you do nothing, nothing happens" },
    { pattern: /keep the amount short/i, use: "Give the amount with its currency" },
    { pattern: /^They keep the address/, use: "an ICU plural: It keeps… / They keep…" },
    {
      pattern: /(?:yearly )?plan for \{product\}|\{product\} plan\b/i,
      use: "{product} alone: the name says its kind",
    },
    { pattern: /\bemail\b/i, use: "e-mail" },
  ],
  fr: [
    { pattern: /\bcodes? de licence/i, use: "clé de licence" },
    { pattern: /\bclés? produit/i, use: "clé de licence" },
    { pattern: /\b(?:plan|forfait)s? annuel/i, use: "abonnement annuel" },
    { pattern: /\bsupport(?!\p{L})/iu, use: "assistance, équipe d’assistance" },
    { pattern: /\bnotes? de crédit/i, use: "avoir" },
    { pattern: /\bméthodes? de paiement/i, use: "moyen de paiement" },
    { pattern: /\b(?:email|courriel|boîtes? mail)\b/i, use: "e-mail, boîte de réception" },
    { pattern: /rien ne se passe sans lui/i, use: "sans action de votre part, il ne se passera rien" },
    { pattern: /en peu de caractères/i, use: "avec sa devise" },
    { pattern: /aide pour cette étape/i, use: "Aide sur ce sujet" },
    { pattern: /licences? (?:é|e)ducati(?:on|f)/i, use: "licence pour l’enseignement" },
    { pattern: /^Elles gardent/, use: "un pluriel ICU : Elle garde… / Elles gardent…" },
    {
      pattern: /vous (?:êtes|serez|vous êtes) (?:connecté|remboursé|rétracté|trompé|exonéré)/i,
      use: "une tournure neutre (« la session en cours », « nous vous remboursons »)",
    },
    { pattern: /en tant qu’acheteur/i, use: "comme vous avez acheté…" },
    {
      pattern: /abonnement (?:annuel )?(?:à |de )?\{product\}/i,
      use: "{product} seul : le nom dit déjà son type",
    },
  ],
  it: [
    { pattern: /\bpian[oi]\b/i, use: "abbonamento annuale" },
    { pattern: /\bcodic[ei] di licenza/i, use: "chiave di licenza" },
    { pattern: /\b(?:nostro|al|dal|del) supporto\b/i, use: "assistenza, team di assistenza" },
    { pattern: /\bscambi[oa]?\b/i, use: "cambio, cambiare" },
    { pattern: /\bemail\b/i, use: "e-mail" },
    { pattern: /\bsei stat[oa] tu\b/i, use: "se non hai fatto tu questa richiesta" },
    { pattern: /(?<!aggiorna )\bda sol[oa]\b/i, use: "in autonomia" },
    { pattern: /senza di esso/i, use: "se non fai nulla, non succede niente" },
    { pattern: /l’importo in breve/i, use: "l’importo con la valuta" },
    { pattern: /nelle mani del/i, use: "ha ricevuto la tua richiesta" },
    { pattern: /ti inviamo lì/i, use: "ti invieremo a quell’indirizzo" },
    { pattern: /tengo il mio/i, use: "Mantieni l’acquisto" },
    { pattern: /\bcambiabile\b/i, use: "Puoi cambiarlo fino al" },
    { pattern: /licenze education/i, use: "licenze per l’istruzione" },
    { pattern: /aiuto per questo passaggio/i, use: "Aiuto su questo argomento" },
    { pattern: /\barea clienti\b|\bportale\b/i, use: "area ordini" },
    { pattern: /^Mantengono/, use: "un plurale ICU: Mantiene… / Mantengono…" },
    {
      pattern: /abbonamento (?:annuale )?(?:per |a )?\{product\}/i,
      use: "{product} da solo: il nome dice già il tipo",
    },
  ],
};

/**
 * English words that are also French or Italian words, names or accepted loans: allowed in fr/it.
 * Any other word of the English catalogue found in a French or Italian text is a leftover.
 */
export const ENGLISH_ALLOWED: Record<"fr" | "it", ReadonlySet<string>> = {
  fr: new Set(
    (
      "a accents active american arrive backup cd change charge club cmd code codes comment commercial " +
      "confirmation ctrl date dates diners discover dvd e eur eurocard express fax faq giropay id ideal " +
      "international ip jcb mac mastercard message messages minutes moment non nordea option organisations " +
      "page pages paypal pdf promo question questions session sepa service six ssl total union utc version " +
      "visa vpn english italiano important client clients cloud stripe test demo place places " +
      "sections section simple note notes e-mail français me an part minute menu article directive due iban bic"
    ).split(" "),
  ),
  it: new Set(
    (
      "a account american backup browser cd chargeback club cmd computer ctrl demo diners discover " +
      "download dvd e eur eurocard express fax faq fine giropay home i id ideal in ip jcb link mac manager " +
      "mastercard non nordea note online password paypal pdf sepa ssl software team utc visa vpn " +
      "english français italiano cloud stripe test e-mail all come due menu iban bic"
    ).split(" "),
  ),
};

/** The words of a text, lower case, without ICU syntax, placeholders, URLs, addresses or Markdown link targets. */
export function wordsOf(text: string): string[] {
  const plain = text
    .replace(/\]\([^)]*\)/g, "]")
    .replace(/\bhttps?:\/\/\S+/g, " ")
    .replace(/\S+@\S+/g, " ")
    .replace(/\{\s*\w+\s*,\s*(?:plural|select|selectordinal)\s*,/g, "{")
    .replace(/(?:=\d+|\b(?:zero|one|two|few|many|other))\s*\{/g, "{")
    .replace(/\{\w+\}/g, " ")
    // References and codes (ORD-2025-K7M2QX, 49,95) are not words.
    .replace(/\S*\d\S*/g, " ");
  return (plain.match(/\p{L}+(?:-\p{L}+)*/gu) ?? []).map((w) => w.toLowerCase());
}

/** Removes what typography rules do not apply to: URLs, e-mail addresses, Markdown link targets. */
function proseOf(text: string): string {
  return text
    .replace(/\]\([^)]*\)/g, "]")
    .replace(/\bhttps?:\/\/\S+/g, "_")
    .replace(/\S+@\S+\.\w+/g, "_");
}

const NBSP = "\u00a0";
const NNBSP = "\u202f";

/** Typographic problems of a text in a locale (messages/GLOSSARY.md, "Typography"); empty when it is right. */
export function typographyProblems(text: string, locale: TLocale): string[] {
  const prose = proseOf(text);
  const problems: string[] = [];
  const around = (i: number) => JSON.stringify(prose.slice(Math.max(0, i - 20), i + 10));
  if (prose.includes("'")) problems.push(`straight apostrophe (use ’) in ${around(prose.indexOf("'"))}`);
  if (locale === "fr") {
    for (const m of prose.matchAll(/[:;!?»]/g)) {
      const before = prose[m.index - 1];
      if (before !== NBSP && before !== NNBSP) {
        problems.push(`no no-break space before “${m[0]}” in ${around(m.index)}`);
      }
    }
    for (const m of prose.matchAll(/«/g)) {
      const after = prose[m.index + 1];
      if (after !== NBSP && after !== NNBSP) problems.push(`no no-break space after « in ${around(m.index)}`);
    }
    for (const m of prose.matchAll(/\b\d{1,2}:\d{2}\b/g)) {
      problems.push(`time written ${m[0]} (French: 21 h 07) in ${around(m.index)}`);
    }
  } else {
    for (const m of prose.matchAll(/[ \u00a0\u202f][:;!?]/g)) {
      problems.push(`space before “${m[0].trim()}” in ${around(m.index)}`);
    }
  }
  if (locale === "it") {
    for (const m of prose.matchAll(/«\s|\s»/g)) problems.push(`space inside « » in ${around(m.index)}`);
  }
  // Thousands: 1 000 (fr), 1.000 (it), 1,000 (en); never 1000 or an ordinary space (references like
  // ORD-2025-K7M2QX and years after a month name are not amounts).
  for (const m of prose.matchAll(/(?<![\d\-–.,\u202f\u00a0\p{L}])\d{4,}(?![\d\-\p{L}])/gu)) {
    if (!/^(?:19|20)\d\d$/.test(m[0])) problems.push(`number ${m[0]} without a thousands separator`);
  }
  if (locale === "fr") {
    for (const m of prose.matchAll(/\d \d{3}\b/g)) problems.push(`ordinary space in the number ${m[0]}`);
  }
  return problems;
}

/** The glossary's forbidden variants found in a text. */
export function forbiddenVariants(text: string, locale: TLocale): string[] {
  // Placeholders are not words ({email}); {product} stays, for the rules about product names.
  const words = proseOf(text).replace(/\{(?!product\})\w+\}/g, "{…}");
  return FORBIDDEN[locale].filter((f) => f.pattern.test(words)).map((f) => `${f.pattern} (use: ${f.use})`);
}

/** Words of the English vocabulary found in a French or Italian text, outside the allow-list. */
export function englishLeftovers(text: string, locale: "fr" | "it", english: ReadonlySet<string>): string[] {
  // Words of one or two letters (“a”, “e”, the letters of a code like K7M2QX) say nothing of the language.
  const leftovers = wordsOf(proseOf(text)).filter(
    (w) => w.length > 2 && english.has(w) && !ENGLISH_ALLOWED[locale].has(w),
  );
  return [...new Set(leftovers)];
}
