import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { routing } from "./routing";

type TTree = { [key: string]: string | TTree };

function keysOf(tree: TTree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === "string" ? [`${prefix}${k}`] : keysOf(v, `${prefix}${k}.`),
  );
}

function load(locale: string): TTree {
  return JSON.parse(readFileSync(path.join(__dirname, "../../messages", `${locale}.json`), "utf8")) as TTree;
}

/** ICU placeholders, e.g. {vendor}, {count}; plural branches' own words are not placeholders. */
function placeholdersOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]!))].sort();
}

describe("message catalogues", () => {
  const reference = keysOf(load(routing.defaultLocale)).sort();

  it.each(routing.locales)("%s has exactly the keys of the default locale", (locale) => {
    expect(keysOf(load(locale)).sort()).toEqual(reference);
  });

  it.each(routing.locales)("%s has no empty message and the same placeholders", (locale) => {
    const en = load("en");
    const messages = load(locale);
    for (const key of reference) {
      const get = (t: TTree) =>
        key.split(".").reduce<TTree | string>((n, k) => (n as TTree)[k]!, t) as string;
      expect(get(messages).trim(), key).not.toBe("");
      expect(placeholdersOf(get(messages)), key).toEqual(placeholdersOf(get(en)));
    }
  });
});
