import { expect, test } from "@playwright/test";
import { MESSAGES } from "./fixtures/messages";
import { newCustomer } from "./fixtures/customers";
import { signIn } from "./fixtures/sign-in";

// The signed-out home is the sign-in form (issue 13). It is a cached page: without JavaScript the
// form answers on the sign-in page, with the same error beside the field and the address kept.

test("the home page signs in with JavaScript, without a reload", async ({ page }) => {
  const m = MESSAGES.fr.signIn;
  await page.goto("/fr");
  await page.getByLabel(m.emailLabel).fill("pas-une-adresse");
  await page.getByRole("button", { name: m.submit }).click();
  await expect(page.locator("#sign-in-email-error")).toHaveText(m.errors.EMAIL_INVALID);
  await expect(page).toHaveURL(/\/fr$/);
  // A buyer of its own: the demo customers' five sign-ins per 15 minutes belong to the other specs.
  const { email } = await newCustomer("fr", { prefix: "home-js" });
  await page.getByLabel(m.emailLabel).fill(email);
  await page.getByRole("button", { name: m.submit }).click();
  await expect(page.getByRole("heading", { level: 1, name: m.checkTitle })).toBeVisible();
});

test("the home page's sign-in form works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const m = MESSAGES.it.signIn;
  await page.goto("/it");
  await page.getByLabel(m.emailLabel).fill("non-un-indirizzo");
  await page.getByRole("button", { name: m.submit }).click();
  await expect(page).toHaveURL(/\/it\/sign-in$/);
  await expect(page.locator("#sign-in-email-error")).toHaveText(m.errors.EMAIL_INVALID);
  await expect(page.getByLabel(m.emailLabel)).toHaveValue("non-un-indirizzo");
  const { email } = await newCustomer("it", { prefix: "home-nojs" });
  await page.getByLabel(m.emailLabel).fill(email);
  await page.getByRole("button", { name: m.submit }).click();
  await expect(page.getByRole("heading", { level: 1, name: m.checkTitle })).toBeVisible();
  await context.close();
});

test("signed in, the header carries the sections, the current one marked, and sign-out", async ({ page }) => {
  const en = MESSAGES.en;
  // A session of its own: signing out ends it, and the other specs keep theirs.
  const { email } = await newCustomer("en", { prefix: "home-header" });
  await signIn(page, email, "en", "link", { fresh: true });
  const banner = page.getByRole("banner");
  await expect(banner.getByRole("link", { name: en.nav.orders })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: en.nav.orders })).toHaveCount(1);
  // The cached pages are the customer's too: the FAQ with their header, the home page is their orders.
  await page.goto("/en/faq");
  await expect(banner.getByText(email)).toBeVisible();
  await expect(banner.getByRole("link", { name: en.nav.faq })).toHaveAttribute("aria-current", "page");
  await expect(page).toHaveURL(/\/en\/faq$/);
  await page.goto("/en");
  await expect(page).toHaveURL(/\/en\/orders$/);
  // On a phone the header is one row: the sections, the account and the languages behind "Menu".
  await page.setViewportSize({ width: 360, height: 780 });
  const menu = banner.getByRole("button", { name: en.nav.menu });
  await expect(banner.getByRole("link", { name: en.nav.licenses })).toBeHidden();
  const rowHeight = (await banner.boundingBox())!.height;
  expect(rowHeight).toBeLessThan(90);
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await banner.getByRole("link", { name: en.nav.licenses }).click();
  await expect(page).toHaveURL(/\/en\/licenses$/);
  await expect(banner.getByRole("link", { name: en.nav.licenses })).toBeHidden();
  await menu.click();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();
  await page.setViewportSize({ width: 1280, height: 720 });
  await banner.getByText(email).click();
  await banner.getByRole("button", { name: en.nav.signOut }).click();
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.getByLabel(en.signIn.emailLabel)).toBeVisible();
});
