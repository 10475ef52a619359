import { expect, test } from "@playwright/test";
import { waitForMessage } from "../emulators/mail/client";
import { expectNoAxeViolations } from "./fixtures/axe";
import { MESSAGES } from "./fixtures/messages";
import { E2E } from "./fixtures/ports";
import { signIn } from "./fixtures/sign-in";

test("in French: refund one item of a two-item order; its key stops, the other stays", async ({ page }) => {
  const fr = MESSAGES.fr;
  await signIn(page, "bruno@demo.test", "fr");
  const row = page
    .getByRole("row")
    .filter({ hasText: "Lumen Backup Pro" })
    .filter({ hasText: "Lumen Partition Pro" });
  const orderNumber = (await row.getByRole("link").textContent())!;
  await row.getByRole("link").click();
  await page.getByRole("link", { name: fr.orders.refundLink }).click();
  await expect(page.getByRole("heading", { level: 1, name: fr.refund.titleWithdrawal })).toBeVisible();
  await expect(page.getByText(fr.refund.reasonHint)).toBeVisible();
  await expectNoAxeViolations(page);

  // Nothing chosen: a translated message, nothing happens.
  await page.getByLabel(fr.refund.reasons.not_working).check();
  await page.getByRole("button", { name: fr.refund.continue }).click();
  await expect(page.locator("#refund-error")).toHaveText(fr.refund.errors.NOTHING_SELECTED);

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
  expect(mail.text).toMatch(/le \d{1,2} \S+ \d{4} à \d{2}:\d{2} \(UTC\)/);

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
  await row.getByRole("link").click();
  await page.getByRole("link", { name: it.orders.refundLink }).click();
  await expect(page.getByRole("heading", { level: 2, name: it.refund.pastTitle })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel(it.refund.reasons.no_longer_needed).check();
  await page.getByRole("button", { name: it.refund.exceptionSubmit }).click();
  await expect(page.locator("#refund-error")).toHaveText(it.refund.errors.EXPLANATION_REQUIRED);
  await page.getByLabel(it.refund.reasons.no_longer_needed).check();
  await page.getByLabel(it.refund.exceptionTextLabel).fill("Ero in ospedale e non ho potuto provarlo prima.");
  await page.getByRole("button", { name: it.refund.exceptionSubmit }).click();
  await expect(page.getByRole("status")).toHaveText(it.refund.exceptionSent);
  const mail = await waitForMessage(
    E2E.mailUrl,
    (m) => m.to.includes("chiara@demo.test") && m.subject.includes("richiesta di rimborso"),
    { timeoutMs: 15_000 },
  );
  expect(mail.text).toContain("90");
});
