import { expect, test } from "@playwright/test";
import { MESSAGES } from "./fixtures/messages";
import { signIn } from "./fixtures/sign-in";

// Axe on every portal page, in every language and both themes, is the layout walk's (e2e/layout.spec.ts):
// it crawls every page a customer reaches from the portal's sections. This spec keeps what axe cannot
// judge: the portal works with a keyboard.

test("the portal works with a keyboard: skip link, reveal a key, resend keys", async ({ page }) => {
  const en = MESSAGES.en;
  await signIn(page, "alice@demo.test", "en");
  await page.goto("/en/licenses");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: en.nav.skipToContent })).toBeFocused();
  await page.keyboard.press("Enter");
  const summary = page.locator(".card:has(.badge.active) summary").first();
  await summary.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator(".card:has(.badge.active) code.key").first()).toBeVisible();
  await page.getByRole("button", { name: en.licenses.resend }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "alice@demo.test" })).toBeVisible();
});
