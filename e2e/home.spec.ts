import { expect, test } from "@playwright/test";
import { MESSAGES } from "./fixtures/messages";
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
  await page.getByLabel(m.emailLabel).fill("alice@demo.test");
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
  await page.getByLabel(m.emailLabel).fill("chiara@demo.test");
  await page.getByRole("button", { name: m.submit }).click();
  await expect(page.getByRole("heading", { level: 1, name: m.checkTitle })).toBeVisible();
  await context.close();
});

test("signed in, the header carries the sections, the current one marked, and sign-out", async ({ page }) => {
  const en = MESSAGES.en;
  // A session of its own: signing out ends it, and the other specs keep theirs.
  await signIn(page, "alice@demo.test", "en", "link", { fresh: true });
  const banner = page.getByRole("banner");
  await expect(banner.getByRole("link", { name: en.nav.orders })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: en.nav.orders })).toHaveCount(1);
  await banner.getByText("alice@demo.test").click();
  await banner.getByRole("button", { name: en.nav.signOut }).click();
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.getByLabel(en.signIn.emailLabel)).toBeVisible();
});
