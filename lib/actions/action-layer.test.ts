import { describe, expect, it } from "vitest";
import { z } from "zod";
import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import it_ from "@/messages/it.json";
import { codeRegistry, fieldErrorsOf } from "./codes";
import { formValues, MAX_KEPT_LENGTH } from "./form-values";
import { CODE_REGISTRIES } from "./registries";
import { zList } from "./zod-form";

const CATALOGUES = { en, fr, it: it_ } as Record<string, Record<string, Record<string, unknown>>>;

describe("formValues", () => {
  it("keeps one string per field, a list for repeated fields, and drops React's own fields", () => {
    const fd = new FormData();
    fd.append("$ACTION_ID_abc", "");
    fd.append("orderNumber", "ORD-2026-ABCDEF");
    fd.append("itemIds", "a");
    fd.append("itemIds", "b");
    fd.append("reasonText", "x".repeat(MAX_KEPT_LENGTH + 5));
    fd.append("file", new Blob(["x"]), "x.txt");
    const values = formValues(fd);
    expect(values).toEqual({
      orderNumber: "ORD-2026-ABCDEF",
      itemIds: ["a", "b"],
      reasonText: "x".repeat(MAX_KEPT_LENGTH),
    });
  });
});

describe("codes", () => {
  const registry = codeRegistry("demo", ["TOO_LONG", "REQUIRED"], ["DONE"]);
  const schema = z.object({
    text: z.string().max(3, "TOO_LONG"),
    choice: z.enum(["a", "b"], "REQUIRED"),
    ids: zList(z.uuid()),
    other: z.string(),
  });

  it("adds INVALID and INVALID_CHARACTERS to every registry and tells codes apart", () => {
    expect(registry.errors).toEqual(["TOO_LONG", "REQUIRED", "INVALID", "INVALID_CHARACTERS"]);
    expect(registry.notices).toEqual(["DONE"]);
    expect(registry.is("DONE")).toBe(true);
    expect(registry.is("Invalid input")).toBe(false);
  });

  it("maps zod issues to the field's code; zod's own English becomes INVALID", () => {
    const r = schema.safeParse({ text: "long", ids: "not-a-uuid", other: 4 });
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(fieldErrorsOf(r.error, registry)).toEqual({
      text: "TOO_LONG",
      choice: "REQUIRED",
      ids: "INVALID",
      other: "INVALID",
    });
  });

  it("turns one value or none into a list", () => {
    expect(zList(z.string()).parse("a")).toEqual(["a"]);
    expect(zList(z.string()).parse(undefined)).toEqual([]);
    expect(zList(z.string()).parse(["a", "b"])).toEqual(["a", "b"]);
  });
});

describe("every registry against the catalogues", () => {
  for (const registry of CODE_REGISTRIES) {
    for (const [locale, catalogue] of Object.entries(CATALOGUES)) {
      it(`${registry.namespace} in ${locale}: a message for every error and notice`, () => {
        const ns = catalogue[registry.namespace] as Record<string, Record<string, string> | undefined>;
        for (const code of registry.errors)
          expect(ns.errors?.[code], `${registry.namespace}.errors.${code}`).toBeTruthy();
        for (const code of registry.notices)
          expect(ns.notices?.[code], `${registry.namespace}.notices.${code}`).toBeTruthy();
      });
    }
  }
});
