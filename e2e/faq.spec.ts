import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./fixtures/axe";
import { MESSAGES } from "./fixtures/messages";

// The FAQ by topic, each answer collapsible and linkable; the search (on the server, plain GET)
// finds plurals, conjugations, typos and synonyms, best first, with the matched words marked.

test("the FAQ is grouped by topic, answers fold, and a link opens its answer", async ({ page }) => {
  await page.goto("/fr/faq");
  const m = MESSAGES.fr.faq;
  await expect(page.getByRole("heading", { level: 2, name: m.groups.refund })).toBeVisible();
  await expect(page.locator(".faq-group:has(#faq-group-refund) #refund-policy")).toHaveCount(1);
  const details = page.locator("details:has(#refund-policy)");
  await expect(details).not.toHaveAttribute("open", /.*/);
  await expect(page.locator("#refund-policy")).toBeHidden();
  await page.locator("#refund-policy-q").click();
  await expect(details).toHaveAttribute("open", /.*/);
  await expect(page.locator("#refund-policy")).toBeVisible();
  await page.goto("/fr/faq#lost-license");
  await expect(page.locator("#lost-license")).toBeVisible();
  await expectNoAxeViolations(page);
});

test("the FAQ search finds what people type, without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const [locale, query, id] of [
    ["fr", "remboursements", "refund-policy"],
    ["fr", "rembourser", "refund-policy"],
    ["fr", "abonement", "cancel-yearly-plan"],
    ["fr", "cle de licence", "lost-license"],
    ["it", "rimborsi", "refund-policy"],
    ["en", "licence", "delivery-and-invoice"],
  ] as const) {
    await page.goto(`/${locale}/faq/search?q=${encodeURIComponent(query)}`);
    await expect(page.getByRole("status")).toBeVisible();
    const first = page.locator(".faq-list > .faq-entry").first();
    await expect(first.locator("section"), query).toHaveAttribute("id", id);
    await expect(first.locator("mark").first(), query).toBeVisible();
  }
  await context.close();
});

test("search results are accessible and link to the FAQ page", async ({ page }) => {
  await page.goto("/it/faq/search?q=rimborsi");
  await expect(page.locator("section#refund-policy a[href='/it/faq#refund-policy']")).toHaveCount(1);
  await expectNoAxeViolations(page);
});
