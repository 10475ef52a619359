import { expect, test } from "@playwright/test";
import { expectNoAxeViolationsHere } from "./fixtures/axe";
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

// The axe check itself (e2e/fixtures/axe.ts puts axe-core into a document once): it must still find what
// is wrong, on the first run in a document, on a second run there, and after the content changed.
test("the axe check fails a page with a violation and passes a clean one", async ({ page }) => {
  const bad = `<!doctype html><html lang="en"><title>Bad</title><main><h1>Bad</h1><img src="x"></main></html>`;
  await page.setContent(bad);
  await expect(expectNoAxeViolationsHere(page, "an image without alt")).rejects.toThrow(/image-alt/);
  await expect(expectNoAxeViolationsHere(page, "the same document again")).rejects.toThrow(/image-alt/);
  await page.setContent(bad.replace(`<img src="x">`, `<img src="x" alt="A cross">`));
  await expectNoAxeViolationsHere(page, "the image given its text");
  await page.setContent(bad.replace(`lang="en"`, ""));
  await expect(expectNoAxeViolationsHere(page, "a page without a language")).rejects.toThrow(/html-has-lang/);
});
