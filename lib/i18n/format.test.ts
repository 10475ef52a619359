import { describe, expect, it } from "vitest";
import { cardBrandName, formatDate, formatDateTime, formatMoney, formatNumber } from "./format";

describe("formatMoney", () => {
  it("formats minor units per locale", () => {
    expect(formatMoney(4999, "eur", "en")).toBe("€49.99");
    expect(formatMoney(4999, "EUR", "fr")).toMatch(/^49,99\s€$/);
    expect(formatMoney(4999, "eur", "it")).toMatch(/^49,99\s€$/);
  });
  it("knows currencies without minor units", () => {
    expect(formatMoney(5000, "jpy", "en")).toMatch(/¥5,000$/);
  });
});

describe("formatDate", () => {
  const d = new Date("2027-02-14T10:00:00Z");
  it("writes the date in the locale's words", () => {
    expect(formatDate(d, "en")).toBe("14 February 2027");
    expect(formatDate(d, "fr")).toBe("14 février 2027");
    expect(formatDate(d, "it")).toBe("14 febbraio 2027");
  });
  it("uses the given time zone", () => {
    expect(formatDate(new Date("2027-02-14T23:30:00Z"), "en", "Pacific/Auckland")).toBe("15 February 2027");
  });
});

describe("formatters reused across calls", () => {
  const d = new Date("2027-02-14T23:30:00Z");
  it("keeps dates, date-times, zones and currencies apart", () => {
    expect(formatDateTime(d, "en")).toMatch(/^14 February 2027.*23:30$/);
    expect(formatDate(d, "en")).toBe("14 February 2027");
    expect(formatDate(d, "en", "Pacific/Auckland")).toBe("15 February 2027");
    expect(formatDate(d, "en")).toBe("14 February 2027");
    expect(formatMoney(5000, "jpy", "en")).toMatch(/¥5,000$/);
    expect(formatMoney(5000, "eur", "en")).toBe("€50.00");
  });
  it("formats plain numbers per locale", () => {
    expect(formatNumber(22.5, "en")).toBe("22.5");
    expect(formatNumber(22.5, "fr")).toBe("22,5");
    expect(formatNumber(22.5, "it")).toBe("22,5");
  });
});

describe("the glossary's typography (messages/GLOSSARY.md)", () => {
  const d = new Date("2027-02-14T21:07:00Z");
  it("writes French times 21 h 07, Italian and English 21:07", () => {
    expect(formatDateTime(d, "fr")).toBe("14 février 2027 à 21\u00a0h\u00a007");
    expect(formatDateTime(d, "it")).toMatch(/21:07$/);
    expect(formatDateTime(d, "en")).toMatch(/21:07$/);
  });
  it("groups thousands: 1 000 in French, 1.000 in Italian, 1,000 in English", () => {
    expect(formatNumber(1000, "fr")).toBe("1\u202f000");
    expect(formatNumber(1000, "it")).toBe("1.000");
    expect(formatNumber(1000, "en")).toBe("1,000");
    expect(formatMoney(100000, "eur", "it")).toMatch(/^1\.000,00\s€$/);
    expect(formatMoney(100000, "eur", "fr")).toMatch(/^1\u202f000,00\s€$/);
  });
  it("writes card brands as the brands do", () => {
    expect(cardBrandName("visa")).toBe("Visa");
    expect(cardBrandName("amex")).toBe("American Express");
    expect(cardBrandName("mastercard")).toBe("Mastercard");
    expect(cardBrandName("some_new_brand")).toBe("Some new brand");
  });
});
