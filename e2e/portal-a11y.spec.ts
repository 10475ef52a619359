import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./fixtures/axe";
import { MESSAGES } from "./fixtures/messages";
import { signIn } from "./fixtures/sign-in";

const CUSTOMERS = [
  ["alice@demo.test", "en"],
  ["bruno@demo.test", "fr"],
  ["chiara@demo.test", "it"],
] as const;

for (const [email, locale] of CUSTOMERS) {
  test(`every portal page passes axe in ${locale}`, async ({ page }) => {
    // Eight pages with axe each: over a minute when the two cores are shared.
    test.setTimeout(180_000);
    await signIn(page, email, locale);
    const orderLink = page.getByRole("link", { name: /^ORD-/ }).first();
    const orderNumber = (await orderLink.textContent())!;
    await page.goto(`/${locale}/licenses`);
    const licenseId = (await page.locator(".card:has(.badge.active)").first().getAttribute("id"))!.replace(
      "license-",
      "",
    );
    for (const path of [
      "/orders",
      `/orders/${orderNumber}`,
      `/orders/${orderNumber}/refund`,
      "/licenses",
      `/licenses/${licenseId}/regenerate`,
      "/account",
      "/sign-in/check-email",
      "/faq",
    ]) {
      await page.goto(`/${locale}${path}`);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoAxeViolations(page);
    }
  });
}

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
