import { createTranslator } from "use-intl/core";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import fr from "@/messages/fr.json";
import { FORMATS, TIME_ZONE } from "./config";
import { getTranslations } from "./translations";

describe("getTranslations", () => {
  it("translates as a translator of the request's own config does", async () => {
    const t = await getTranslations({ locale: "fr", namespace: "faq" });
    const fresh = createTranslator({
      locale: "fr",
      messages: fr,
      namespace: "faq",
      formats: FORMATS,
      timeZone: TIME_ZONE,
    });
    for (const count of [0, 1, 7])
      expect(t("results", { count, query: "clé" })).toBe(fresh("results", { count, query: "clé" }));
    expect(t("title")).toBe(fresh("title"));
  });

  it("keeps each locale's words apart and knows raw messages and missing keys", async () => {
    const tEn = await getTranslations({ locale: "en", namespace: "orders" });
    const tFr = await getTranslations({ locale: "fr", namespace: "orders" });
    expect(tEn("orderTitle", { number: "ORD-1" })).toBe("Order ORD-1");
    expect(tFr("orderTitle", { number: "ORD-1" })).toBe(fr.orders.orderTitle.replace("{number}", "ORD-1"));
    const tForm = await getTranslations({ locale: "en", namespace: "form" });
    expect(tForm.raw("counter")).toBe(en.form.counter);
    expect(tForm.has("counter")).toBe(true);
    expect(tForm.has("nope" as never)).toBe(false);
  });

  it("formats dates with the shared formats in UTC", async () => {
    const t = await getTranslations({ locale: "en" });
    const fresh = createTranslator({ locale: "en", messages: en, formats: FORMATS, timeZone: TIME_ZONE });
    const at = new Date("2026-02-14T23:30:00Z");
    expect(t("orders.awaiting.started", { date: at.toISOString() })).toBe(
      fresh("orders.awaiting.started", { date: at.toISOString() }),
    );
  });

  it("builds one translator per locale and namespace for the process", async () => {
    const a = await getTranslations({ locale: "it", namespace: "nav" });
    const b = await getTranslations({ locale: "it", namespace: "nav" });
    const c = await getTranslations({ locale: "en", namespace: "nav" });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });
});
