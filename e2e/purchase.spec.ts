import { expect, test } from "@playwright/test";
import { waitForMessage } from "../emulators/mail/client";
import { LICENSE_KEY_PATTERN } from "../lib/licenses/license-key";
import { E2E } from "./fixtures/ports";
import { priceOf, shopStripe } from "./fixtures/stripe";

test("a purchase on the hosted checkout page becomes an order whose keys arrive by mail", async ({
  page,
}) => {
  const stripe = shopStripe();
  const email = `buyer-${Date.now()}@example.test`;
  const price = await priceOf(stripe, "backup-pro");
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    locale: "fr",
    metadata: { locale: "fr" },
    line_items: [{ price: price.id, quantity: 2 }],
    success_url: `${E2E.baseUrl}/fr?checkout={CHECKOUT_SESSION_ID}`,
    cancel_url: `${E2E.baseUrl}/fr`,
  });

  await page.goto(session.url!);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  // A declined card first: the page says so and nothing is bought.
  await page.locator("#card_number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: /Payer/ }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await page.locator("#card_number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: /Payer/ }).click();
  await expect(page).toHaveURL(new RegExp(`/fr\\?checkout=${session.id}`));

  const mail = await waitForMessage(E2E.mailUrl, (m) => m.to.includes(email), { timeoutMs: 20_000 });
  expect(mail.subject).toMatch(/ORD-\d{4}-[A-Z0-9]{6}/);
  const keys = mail.text.match(/[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}/g) ?? [];
  expect(new Set(keys).size).toBe(2);
  for (const k of keys) expect(k).toMatch(LICENSE_KEY_PATTERN);
  expect(mail.text).toContain("Lumen Backup Pro");
  expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe("paid");
});
