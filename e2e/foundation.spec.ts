import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./fixtures/axe";
import { LOCALES, MESSAGES } from "./fixtures/messages";

test.describe("home and FAQ in every locale", () => {
  for (const locale of LOCALES) {
    const m = MESSAGES[locale];

    test(`home page in ${locale} is accessible`, async ({ page }) => {
      await page.goto(`/${locale}`);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(page.getByRole("heading", { level: 1, name: m.home.title })).toBeVisible();
      await expectNoAxeViolations(page);
    });

    test(`FAQ page in ${locale} is accessible and has an anchor per entry`, async ({ page }) => {
      await page.goto(`/${locale}/faq`);
      await expect(page.getByRole("heading", { level: 1, name: m.faq.title })).toBeVisible();
      // Grouped by topic, every question a heading that unfolds its answer.
      await expect(page.locator("#refund-policy-q")).toBeVisible();
      await expectNoAxeViolations(page);
    });
  }
});

test("the FAQ search ignores accents and case, without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const [locale, query] of [
    ["fr", "remboursement"],
    ["fr", "REMBOURSEMENT"],
    ["fr", "rèmbôursemênt"],
    ["it", "rimborso"],
    ["en", "REFUND"],
  ] as const) {
    await page.goto(`/${locale}/faq`);
    await page.getByLabel(MESSAGES[locale].faq.searchLabel).fill(query);
    await page.getByRole("button", { name: MESSAGES[locale].faq.searchButton }).click();
    await expect(page).toHaveURL(new RegExp(`/${locale}/faq/search\\?q=`));
    await expect(page.locator("section#refund-policy")).toBeVisible();
    await expect(page.getByRole("status")).toBeVisible();
  }
  await context.close();
});

test("a 10,000-character or regex-like search gets a page, not an error", async ({ page }) => {
  for (const q of ["x".repeat(10_000), "(.*+?[\\", "%00<script>alert(1)</script>"]) {
    const res = await page.goto(`/en/faq/search?q=${encodeURIComponent(q)}`);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: MESSAGES.en.faq.title })).toBeVisible();
  }
  await expect(page.locator("script:text('alert(1)')")).toHaveCount(0);
});

test("the language switcher keeps the page", async ({ page }) => {
  await page.goto("/en/faq");
  await page
    .getByRole("navigation", { name: MESSAGES.en.nav.language })
    .getByRole("link", { name: "Français" })
    .click();
  await expect(page).toHaveURL(/\/fr\/faq$/);
  await expect(page.getByRole("heading", { level: 1, name: MESSAGES.fr.faq.title })).toBeVisible();
  await page
    .getByRole("navigation", { name: MESSAGES.fr.nav.language })
    .getByRole("link", { name: "Italiano" })
    .click();
  await expect(page).toHaveURL(/\/it\/faq$/);
});

test("the FAQ links an answer to the flow it describes", async ({ page }) => {
  await page.goto("/fr/faq#lost-license");
  const link = page.locator("section#lost-license a[href^='/fr/licenses']");
  await expect(link).toHaveCount(1);
});

test("/ negotiates the language from Accept-Language, even a malformed one", async ({ request }) => {
  for (const [header, expected] of [
    ["fr-CH,fr;q=0.9,en;q=0.8", "/fr"],
    ["it", "/it"],
    ["de-DE", "/en"],
    [";;;q=abc,,,=", "/en"],
    ["x".repeat(5000), "/en"],
  ] as const) {
    const res = await request.get("/", { headers: { "Accept-Language": header }, maxRedirects: 0 });
    expect([302, 307, 308], header).toContain(res.status());
    expect(new URL(res.headers().location!, "http://x").pathname, header).toBe(expected);
  }
});

test("an unknown locale or page gets the not-found page", async ({ page }) => {
  for (const path of ["/de/faq", "/en/no-such-page", "/xx"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
});

test("health answers 200 when the database answers", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true, database: "up" });
});
