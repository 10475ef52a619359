import { expect, test, type Browser, type Page } from "@playwright/test";
import { fetchMessages } from "../emulators/mail/client";
import { MESSAGES } from "./fixtures/messages";
import { E2E } from "./fixtures/ports";
import { signIn } from "./fixtures/sign-in";

const en = MESSAGES.en;

async function signedIn(browser: Browser, email: string, locale: "en" | "fr" | "it"): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, locale);
  return page;
}

/** Replaces a hidden field's value before submitting: what a forged request would carry. */
async function forge(page: Page, selector: string, value: string) {
  await page.locator(selector).evaluate((el, v) => ((el as HTMLInputElement).value = v), value);
}

test("another customer's orders, licenses and refunds answer 404 on every page, action and route, and change nothing", async ({
  browser,
}) => {
  const bruno = await signedIn(browser, "bruno@demo.test", "fr");
  const alice = await signedIn(browser, "alice@demo.test", "en");

  // What Bruno's pages show him: an order number, an active license id, a refund in progress.
  const brunoOrder = (await bruno.getByRole("link", { name: /^ORD-/ }).first().textContent())!;
  await bruno.goto("/fr/licenses");
  const brunoLicenseId = (await bruno
    .locator(".card:has(.badge.active)")
    .first()
    .getAttribute("id"))!.replace("license-", "");
  const multi = bruno.getByRole("row").filter({ hasText: "Lumen Partition Pro" }).first();
  await bruno.goto("/fr/orders");
  const brunoRefundable = (await multi.getByRole("link", { name: /^ORD-/ }).textContent())!;
  await bruno.goto(`/fr/orders/${brunoRefundable}/refund`);
  const brunoItemId = (await bruno.locator("input[name=itemIds]").first().getAttribute("value"))!;
  await bruno.locator("input[name=itemIds]").first().check();
  await bruno.getByLabel(MESSAGES.fr.refund.reasons.other).check();
  await bruno.getByRole("button", { name: MESSAGES.fr.refund.continue }).click();
  await expect(
    bruno.getByRole("heading", { level: 1, name: MESSAGES.fr.refund.confirmTitleWithdrawal }),
  ).toBeVisible();
  const brunoRefundPath = new URL(bruno.url()).pathname.replace(/^\/fr/, "");
  const brunoRefundId = brunoRefundPath.split("/").pop()!;
  const brunoMailsBefore = (await fetchMessages(E2E.mailUrl, { to: "bruno@demo.test" })).length;

  // Pages: exactly like a missing one.
  for (const path of [
    `/en/orders/${brunoOrder}`,
    `/en/orders/${brunoRefundable}/refund`,
    `/en/orders/${brunoOrder}/billing`,
    `/en${brunoRefundPath}`,
    `/en/licenses/${brunoLicenseId}/regenerate`,
    `/en/orders/ORD-2026-ZZZZZZ`,
  ]) {
    const res = await alice.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(alice.getByRole("heading", { level: 1, name: en.notFound.title })).toBeVisible();
  }

  // Server actions with Bruno's ids forged into Alice's own forms.
  await alice.goto("/en/licenses");
  await alice.getByRole("link", { name: en.licenses.regenerate }).first().click();
  await forge(alice, "input[name=licenseId]", brunoLicenseId);
  await alice.getByRole("button", { name: en.licenses.regenerateConfirm }).click();
  await expect(alice.getByRole("heading", { level: 1, name: en.notFound.title })).toBeVisible();

  await alice.goto("/en/orders");
  await alice
    .getByRole("row")
    .filter({ hasText: "Lumen Backup Pro" })
    .last()
    .getByRole("link", { name: /^ORD-/ })
    .click();
  await alice.getByRole("link", { name: en.orders.refundLink }).click();
  const own = alice.locator("input[name=itemIds]").first();
  await forge(alice, "input[name=itemIds] >> nth=0", brunoItemId);
  await own.check();
  await alice.getByLabel(en.refund.reasons.other).check();
  await alice.getByRole("button", { name: en.refund.continue }).click();
  await expect(alice.getByRole("heading", { level: 1, name: en.notFound.title })).toBeVisible();

  // Confirming Bruno's refund from Alice's confirm form.
  await alice.goto("/en/orders");
  await alice
    .getByRole("row")
    .filter({ hasText: "Lumen Backup Pro" })
    .last()
    .getByRole("link", { name: /^ORD-/ })
    .click();
  await alice.getByRole("link", { name: en.orders.refundLink }).click();
  await alice.locator("input[name=itemIds]").first().check();
  await alice.getByLabel(en.refund.reasons.other).check();
  await alice.getByRole("button", { name: en.refund.continue }).click();
  await forge(alice, "input[name=refundId]", brunoRefundId);
  await forge(alice, "input[name=orderNumber]", brunoRefundable);
  await alice.getByRole("button", { name: /Refund|Confirm withdrawal/ }).click();
  await expect(alice.getByRole("heading", { level: 1, name: en.notFound.title })).toBeVisible();

  // Route handlers: Auth.js's session endpoint shows only Alice.
  const session = await alice.request.get("/api/auth/session");
  expect(JSON.stringify(await session.json())).not.toContain("bruno");

  // Nothing changed for Bruno: his key works, his refund still waits for him, no mail went to him.
  await bruno.goto("/fr/licenses");
  await expect(bruno.locator(`#license-${brunoLicenseId} .badge`)).toHaveText(
    MESSAGES.fr.licenses.licenseStatuses.active,
  );
  await bruno.goto(`/fr${brunoRefundPath}`);
  await expect(
    bruno.getByRole("heading", { level: 1, name: MESSAGES.fr.refund.confirmTitleWithdrawal }),
  ).toBeVisible();
  expect((await fetchMessages(E2E.mailUrl, { to: "bruno@demo.test" })).length).toBe(brunoMailsBefore);
});

test("'E-mail me my keys' goes only to the purchase address, whatever the request carries", async ({
  browser,
}) => {
  const alice = await signedIn(browser, "alice@demo.test", "en");
  await alice.goto("/en/licenses");
  const form = alice.locator("form").filter({ has: alice.getByRole("button", { name: en.licenses.resend }) });
  await form.evaluate((f) => {
    for (const name of ["email", "to"]) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = "attacker@evil.test";
      f.appendChild(input);
    }
  });
  const before = (await fetchMessages(E2E.mailUrl, { to: "alice@demo.test" })).length;
  await form.getByRole("button", { name: en.licenses.resend }).click();
  await expect(alice.getByRole("status")).toContainText("alice@demo.test");
  await expect
    .poll(async () => (await fetchMessages(E2E.mailUrl, { to: "alice@demo.test" })).length)
    .toBe(before + 1);
  expect(await fetchMessages(E2E.mailUrl, { to: "attacker@evil.test" })).toHaveLength(0);
});
