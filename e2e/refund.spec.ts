import { expect, test } from "@playwright/test";
import { fetchMessages, waitForMessage } from "../emulators/mail/client";
import { expectNoAxeViolations } from "./fixtures/axe";
import { MESSAGES } from "./fixtures/messages";
import { E2E } from "./fixtures/ports";
import { signIn } from "./fixtures/sign-in";
import { newCustomer } from "./fixtures/customers";
import { shopStripe } from "./fixtures/stripe";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test("in French: refund one item of a two-item order; its key stops, the other stays", async ({ page }) => {
  const fr = MESSAGES.fr;
  await signIn(page, "bruno@demo.test", "fr");
  const row = page
    .getByRole("row")
    .filter({ hasText: "Lumen Backup Pro" })
    .filter({ hasText: "Lumen Partition Pro" });
  const orderNumber = (await row.getByRole("link", { name: /^ORD-/ }).textContent())!;
  await row.getByRole("link", { name: /^ORD-/ }).click();
  await page.getByRole("link", { name: fr.orders.refundLink }).click();
  await expect(page.getByRole("heading", { level: 1, name: fr.refund.titleWithdrawal })).toBeVisible();
  await expect(page.getByText(fr.refund.reasonHint)).toBeVisible();
  await expectNoAxeViolations(page);

  // Nothing chosen: a translated message, nothing happens.
  await page.getByLabel(fr.refund.reasons.not_working).check();
  await page.getByRole("button", { name: fr.refund.continue }).click();
  await expect(page.getByRole("group", { name: fr.refund.itemsLegend })).toHaveAccessibleDescription(
    new RegExp(escape(fr.refund.errors.NOTHING_SELECTED)),
  );
  // The reason chosen is kept.
  await expect(page.getByLabel(fr.refund.reasons.not_working)).toBeChecked();

  await page.getByRole("checkbox", { name: /Lumen Backup Pro/ }).check();
  await page.getByLabel(fr.refund.reasons.not_working).check();
  await page.getByLabel(fr.refund.reasonTextLabel).fill("Il plante au démarrage.");
  await page.getByRole("button", { name: fr.refund.continue }).click();
  await expect(page.getByRole("heading", { level: 1, name: fr.refund.confirmTitleWithdrawal })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: /Confirmer la rétractation/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: fr.refund.statusTitle })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("remboursé le");

  const mail = await waitForMessage(
    E2E.mailUrl,
    (m) => m.to.includes("bruno@demo.test") && m.subject.includes("rétractation"),
    { timeoutMs: 15_000 },
  );
  expect(mail.text).toContain(orderNumber);
  expect(mail.text).toMatch(/le \d{1,2} \S+ \d{4} à \d{2}\s?h\s?\d{2} \(heure UTC\)/);

  await page.goto(`/fr/orders/${orderNumber}`);
  const items = page.locator("ul.plain li");
  await expect(items.filter({ hasText: "Lumen Backup Pro" }).locator(".badge")).toHaveText(
    fr.orders.licenseStatuses.revoked,
  );
  await expect(items.filter({ hasText: "Lumen Partition Pro" }).locator(".badge")).toHaveText(
    fr.orders.licenseStatuses.active,
  );
  await expect(page.locator("ol.timeline li").filter({ hasText: fr.orders.events.refunded })).toHaveCount(1);
});

test("in Italian: past the 90 days, the request goes to support and is acknowledged", async ({ page }) => {
  const it = MESSAGES.it;
  await signIn(page, "chiara@demo.test", "it");
  const row = page.getByRole("row").filter({ hasText: "Lumen Backup Standard" });
  const orderNumber = (await row.getByRole("link", { name: /^ORD-/ }).textContent())!;
  await row.getByRole("link", { name: /^ORD-/ }).click();
  await page.getByRole("link", { name: it.orders.refundLink }).click();
  await expect(page.getByRole("heading", { level: 2, name: it.refund.pastTitle })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel(it.refund.reasons.no_longer_needed).check();
  await page.getByRole("button", { name: it.refund.exceptionSubmit }).click();
  await expect(page.getByLabel(it.refund.exceptionTextLabel)).toHaveAccessibleDescription(
    new RegExp(escape(it.refund.errors.EXPLANATION_REQUIRED)),
  );
  await expect(page.getByLabel(it.refund.reasons.no_longer_needed)).toBeChecked();
  await page.getByLabel(it.refund.exceptionTextLabel).fill("Ero in ospedale e non ho potuto provarlo prima.");
  await page.getByRole("button", { name: it.refund.exceptionSubmit }).click();
  await expect(page.getByRole("status")).toHaveText(it.refund.notices.EXCEPTION_SENT);
  const mail = await waitForMessage(
    E2E.mailUrl,
    (m) => m.to.includes("chiara@demo.test") && m.subject.includes("richiesta di rimborso"),
    { timeoutMs: 15_000 },
  );
  expect(mail.text).toContain("90");
  // Support hears about it too.
  await waitForMessage(
    E2E.mailUrl,
    (m) => m.subject.startsWith("New support request") && m.subject.includes(orderNumber),
    { timeoutMs: 15_000 },
  );

  // After a reload the request is there, open, and the form is gone: no duplicate can be filed.
  await page.reload();
  const requests = page.getByRole("region", { name: it.supportRequests.title });
  await expect(requests.getByRole("listitem")).toHaveCount(1);
  await expect(requests.getByRole("listitem")).toContainText(it.supportRequests.kinds.refund_exception);
  await expect(requests.locator(".badge")).toHaveText(it.supportRequests.statuses.open);
  await expect(page.getByRole("button", { name: it.refund.exceptionSubmit })).toHaveCount(0);
  await expectNoAxeViolations(page);
  // The order page shows it as well.
  await page.goto(`/it/orders/${orderNumber}`);
  await expect(page.getByRole("region", { name: it.supportRequests.title }).locator(".badge")).toHaveText(
    it.supportRequests.statuses.open,
  );
  await expectNoAxeViolations(page);
});

for (const javaScriptEnabled of [true, false]) {
  test(`a 1,001-character reason keeps the items, the reason and the text, with the message beside the text (JavaScript ${
    javaScriptEnabled ? "on" : "off"
  })`, async ({ browser }) => {
    const en = MESSAGES.en;
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await signIn(page, "alice@demo.test", "en");
    const row = page
      .getByRole("row")
      .filter({ hasText: "Lumen Backup Standard" })
      .filter({ hasText: "Lumen Partition Pro" });
    await row.getByRole("link", { name: /^ORD-/ }).click();
    await page.getByRole("link", { name: en.orders.refundLink }).click();
    const item = page.getByRole("checkbox", { name: /Lumen Partition Pro/ });
    await item.check();
    await page.getByLabel(en.refund.reasons.too_expensive).check();
    const text = "é".repeat(1001);
    await page.getByLabel(en.refund.reasonTextLabel).fill(text);
    await page.getByRole("button", { name: en.refund.continue }).click();
    const field = page.getByLabel(en.refund.reasonTextLabel);
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(new RegExp(escape(en.refund.errors.REASON_TOO_LONG)));
    await expect(field).toHaveValue(text);
    await expect(page.getByRole("checkbox", { name: /Lumen Partition Pro/ })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: /Lumen Backup Standard/ })).not.toBeChecked();
    await expect(page.getByLabel(en.refund.reasons.too_expensive)).toBeChecked();
    await expect(page.getByRole("heading", { level: 1, name: en.refund.title })).toBeVisible();
    await context.close();
  });
}

test("the confirm button is disabled while the refund is sent, and a double click refunds once", async ({
  page,
}) => {
  const en = MESSAGES.en;
  const { email, sessionId } = await newCustomer("en", { prefix: "double-refund" });
  await signIn(page, email, "en", "code", { fresh: true });
  await page
    .getByRole("link", { name: /^ORD-\d{4}-/ })
    .first()
    .click();
  await page.getByRole("link", { name: en.orders.refundLink }).click();
  await page.getByLabel(en.refund.reasons.bought_by_mistake).check();
  await page.getByRole("button", { name: en.refund.continue }).click();
  await expect(page.getByRole("heading", { level: 1, name: en.refund.confirmTitle })).toBeVisible();
  // Watch the button: React disables it while the action is pending.
  await page.evaluate(() => {
    const w = window as unknown as { sawDisabled: boolean };
    w.sawDisabled = false;
    new MutationObserver(() => {
      if (document.querySelector("#refund-confirm button[type=submit][disabled]")) w.sawDisabled = true;
    }).observe(document.body, { subtree: true, attributes: true, childList: true });
  });
  await page.locator("#refund-confirm button[type=submit]").dblclick();
  await expect(page.getByRole("heading", { level: 1, name: en.refund.statusTitle })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(/was refunded on/);
  expect(await page.evaluate(() => (window as unknown as { sawDisabled: boolean }).sawDisabled)).toBe(true);

  const stripe = shopStripe();
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const refunds = await stripe.refunds.list({ payment_intent: session.payment_intent as string });
  expect(refunds.data).toHaveLength(1);
  await waitForMessage(E2E.mailUrl, (m) => m.to.includes(email) && /refund/i.test(m.subject), {
    timeoutMs: 15_000,
  });
  await page.waitForTimeout(1000);
  const refundMails = (await fetchMessages(E2E.mailUrl, { to: email })).filter((m) =>
    /refund/i.test(m.subject),
  );
  expect(refundMails).toHaveLength(1);
});
