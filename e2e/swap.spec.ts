import { expect, type Page, test } from "@playwright/test";
import { fetchMessages, waitForMessage } from "../emulators/mail/client";
import { LICENSE_KEY_PATTERN } from "../lib/licenses/license-key";
import { expectNoAxeViolations } from "./fixtures/axe";
import { MESSAGES } from "./fixtures/messages";
import { E2E } from "./fixtures/ports";
import { signIn } from "./fixtures/sign-in";
import { emulatorControl, priceOf, shopStripe } from "./fixtures/stripe";

/** A fresh paid order of one demo product for a demo customer (with their country's VAT), so each run swaps its own item. */
async function freshOrder(
  email: string,
  locale: "en" | "fr" | "it",
  country: string,
  slug: string,
): Promise<string> {
  const stripe = shopStripe();
  const rates = await stripe.taxRates.list({ active: true, limit: 100 });
  const rate = rates.data.find((r) => r.country === country);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    locale,
    metadata: { locale, country },
    line_items: [
      { price: (await priceOf(stripe, slug)).id, quantity: 1, ...(rate ? { tax_rates: [rate.id] } : {}) },
    ],
    success_url: `${E2E.baseUrl}/${locale}`,
    cancel_url: `${E2E.baseUrl}/${locale}`,
  });
  const before = new Set((await fetchMessages(E2E.mailUrl)).map((m) => m.id));
  await emulatorControl(`/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
  // The delivery mail of this new order names it.
  const mail = await waitForMessage(
    E2E.mailUrl,
    (m) => !before.has(m.id) && m.to.includes(email) && /ORD-\d{4}-[A-Z0-9]{6}/.test(m.subject),
    { timeoutMs: 20_000 },
  );
  return mail.subject.match(/ORD-\d{4}-[A-Z0-9]{6}/)![0];
}

async function openSwap(page: Page, locale: "en" | "fr" | "it", orderNumber: string) {
  const m = MESSAGES[locale];
  await page.goto(`/${locale}/orders/${orderNumber}`);
  await page.getByRole("link", { name: m.swap.orderLink }).click();
  await expect(page.getByRole("heading", { level: 1, name: m.swap.title })).toBeVisible();
}

test("in English: a cheaper edition; the difference comes back and the new key replaces the old one", async ({
  page,
}) => {
  const en = MESSAGES.en;
  const orderNumber = await freshOrder("alice@demo.test", "en", "IE", "backup-pro");
  await signIn(page, "alice@demo.test", "en");
  await openSwap(page, "en", orderNumber);
  await expectNoAxeViolations(page);

  // No choice made: a translated message next to the form.
  await page.getByRole("button", { name: en.swap.confirm }).click();
  await expect(
    page.getByRole("radiogroup", { name: /Lumen Backup Pro/ }).first(),
  ).toHaveAccessibleDescription(
    new RegExp(en.swap.errors.NOTHING_SELECTED.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
  );

  // 49.95 + 23 % = 61.44 paid; 29.95 + 23 % = 36.84: 24.60 back, VAT 4.60 of it.
  const standard = page.getByRole("radio", { name: /Lumen Backup Standard/ });
  await expect(
    page.getByText(en.swap.getBack.replace("{amount}", "€24.60").replace("{tax}", "€4.60")),
  ).toBeVisible();
  await standard.check();
  await page.getByRole("button", { name: en.swap.confirm }).click();
  await expect(page.getByRole("heading", { level: 1, name: en.swap.statusTitle })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(
    en.swap.status.completed.replace("{to}", "Lumen Backup Standard").replace("{from}", "Lumen Backup Pro"),
  );
  await expect(page.getByText(en.swap.moneyRefunded.replace("{amount}", "€24.60"))).toBeVisible();
  await expectNoAxeViolations(page);

  // The key is masked until revealed.
  const key = page.locator("details.license-key").first();
  await expect(key.locator("code.key")).toBeHidden();
  await key.locator("summary").click();
  const newKey = (await key.locator("code.key").textContent())!.trim();
  expect(newKey).toMatch(LICENSE_KEY_PATTERN);

  const mail = await waitForMessage(
    E2E.mailUrl,
    (m) => m.to.includes("alice@demo.test") && m.text.includes(newKey),
    { timeoutMs: 20_000 },
  );
  expect(mail.subject).toContain("Lumen Backup Standard");
  expect(mail.text).toContain(orderNumber);

  await page.goto(`/en/orders/${orderNumber}`);
  const keys = page.locator("ul.plain li");
  // The item now is the new product with its new key active; the old key, under the old product, is revoked.
  expect(await keys.filter({ hasText: "Lumen Backup Standard" }).locator(".badge").allTextContents()).toEqual(
    [en.orders.licenseStatuses.active],
  );
  expect(await keys.filter({ hasText: "Lumen Backup Pro" }).locator(".badge").allTextContents()).toEqual([
    en.orders.licenseStatuses.revoked,
  ]);
  await expect(page.locator("ol.timeline li").filter({ hasText: en.orders.events.swapped })).toHaveCount(1);

  // One swap per item.
  await openSwap(page, "en", orderNumber);
  await expect(page.getByText(en.swap.cannot.ALREADY_SWAPPED)).toBeVisible();
});

test("in Italian: a dearer edition, paid on Stripe's hosted checkout page; only then the new key", async ({
  page,
}) => {
  const it = MESSAGES.it;
  const orderNumber = await freshOrder("chiara@demo.test", "it", "IT", "backup-standard");
  await signIn(page, "chiara@demo.test", "it");
  await openSwap(page, "it", orderNumber);
  await expectNoAxeViolations(page);
  // 29,95 + 22 % = 36,54 paid; 199,00 + 22 % = 242,78: 206,24 more, of which 37,19 VAT.
  await expect(page.getByText(/Paghi 206,24\s€ in più \(di cui 37,19\s€ di IVA\)/)).toBeVisible();
  await page.getByRole("radio", { name: /Lumen Backup Tecnico/ }).check();
  await page.getByRole("button", { name: it.swap.confirm }).click();

  // Stripe's page, in Italian, for the difference.
  await expect(page).toHaveURL(/\/c\/pay\//);
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  await expect(page.getByText(/206,24/).first()).toBeVisible();
  // A declined card: nothing changes, the old key still works.
  await page.locator("#card_number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: /Paga/ }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await page.locator("#card_number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: /Paga/ }).click();

  await expect(page).toHaveURL(new RegExp(`/it/orders/${orderNumber}/swap/[0-9a-f-]{36}$`));
  await expect(page.getByRole("heading", { level: 1, name: it.swap.statusTitle })).toBeVisible();
  // The webhook completes the swap; the page refreshes itself meanwhile.
  await expect(page.getByRole("status")).toHaveText(
    it.swap.status.completed
      .replace("{to}", "Lumen Backup Tecnico")
      .replace("{from}", "Lumen Backup Standard"),
    { timeout: 20_000 },
  );
  await expectNoAxeViolations(page);
  const key = page.locator("details.license-key").first();
  await key.locator("summary").click();
  const newKey = (await key.locator("code.key").textContent())!.trim();
  const mail = await waitForMessage(
    E2E.mailUrl,
    (m) => m.to.includes("chiara@demo.test") && m.text.includes(newKey),
    { timeoutMs: 20_000 },
  );
  expect(mail.text).toContain("206,24");

  await page.goto(`/it/orders/${orderNumber}`);
  const keys = page.locator("ul.plain li");
  expect(await keys.filter({ hasText: "Lumen Backup Tecnico" }).locator(".badge").allTextContents()).toEqual([
    it.orders.licenseStatuses.active,
  ]);
  expect(await keys.filter({ hasText: "Lumen Backup Standard" }).locator(".badge").allTextContents()).toEqual(
    [it.orders.licenseStatuses.revoked],
  );
});

/** Starts a dearer swap and has the card declined on Stripe's page; the customer comes back to the order. */
async function declinedDearerSwap(page: Page, orderNumber: string) {
  const en = MESSAGES.en;
  await openSwap(page, "en", orderNumber);
  await page.getByRole("radio", { name: /Lumen Backup Technician/ }).check();
  await page.getByRole("button", { name: en.swap.confirm }).click();
  await expect(page).toHaveURL(/\/c\/pay\//);
  await page.locator("#card_number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: /Pay/ }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  // "Payment failed": the customer goes back to the portal.
  await page.goto(`/en/orders/${orderNumber}`);
  const pending = page.getByRole("region", { name: en.swap.pending.title });
  await expect(pending).toBeVisible();
  await expect(pending).toContainText("Lumen Backup Technician");
  await expectNoAxeViolations(page);
  return pending;
}

test("a dearer swap whose card was declined waits on the order page; paid later with “pay now”", async ({
  page,
}) => {
  const en = MESSAGES.en;
  const orderNumber = await freshOrder("alice@demo.test", "en", "IE", "backup-standard");
  await signIn(page, "alice@demo.test", "en");
  const pending = await declinedDearerSwap(page, orderNumber);
  // The swap page says the same, instead of a bare "already swapped".
  await openSwap(page, "en", orderNumber);
  await expect(page.getByRole("region", { name: en.swap.pending.title })).toBeVisible();

  await page.goto(`/en/orders/${orderNumber}`);
  await pending.getByRole("button", { name: /Pay/ }).click();
  await expect(page).toHaveURL(/\/c\/pay\//);
  await page.locator("#card_number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: /Pay/ }).click();
  await expect(page).toHaveURL(new RegExp(`/en/orders/${orderNumber}/swap/[0-9a-f-]{36}$`));
  await expect(page.getByRole("status")).toHaveText(
    en.swap.status.completed
      .replace("{to}", "Lumen Backup Technician")
      .replace("{from}", "Lumen Backup Standard"),
    { timeout: 20_000 },
  );
  await page.goto(`/en/orders/${orderNumber}`);
  await expect(page.getByRole("region", { name: en.swap.pending.title })).toHaveCount(0);
  const keys = page.locator("ul.plain li");
  expect(
    await keys.filter({ hasText: "Lumen Backup Technician" }).locator(".badge").allTextContents(),
  ).toEqual([en.orders.licenseStatuses.active]);
});

test("a dearer swap whose card was declined can be cancelled: the item is free to swap again", async ({
  page,
}) => {
  const en = MESSAGES.en;
  const orderNumber = await freshOrder("alice@demo.test", "en", "IE", "backup-standard");
  await signIn(page, "alice@demo.test", "en");
  const pending = await declinedDearerSwap(page, orderNumber);
  await pending.getByRole("button", { name: en.swap.pending.cancel }).click();
  await expect(page).toHaveURL(
    new RegExp(`/en/orders/${orderNumber}/swap/[0-9a-f-]{36}\\?notice=CANCELLED$`),
  );
  await expect(page.getByRole("main").getByRole("status").first()).toHaveText(en.swap.notices.CANCELLED);
  await expectNoAxeViolations(page);

  await page.goto(`/en/orders/${orderNumber}`);
  await expect(page.getByRole("region", { name: en.swap.pending.title })).toHaveCount(0);
  const keys = page.locator("ul.plain li");
  expect(await keys.filter({ hasText: "Lumen Backup Standard" }).locator(".badge").allTextContents()).toEqual(
    [en.orders.licenseStatuses.active],
  );
  // The item can be swapped again.
  await openSwap(page, "en", orderNumber);
  await expect(page.getByText(en.swap.cannot.ALREADY_SWAPPED)).toHaveCount(0);
  await expect(page.getByRole("radio", { name: /Lumen Backup Technician/ })).toBeVisible();
});
