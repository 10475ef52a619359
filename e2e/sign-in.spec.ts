import { expect, test } from "@playwright/test";
import { fetchMessages, waitForMessage } from "../emulators/mail/client";
import { expectNoAxeViolations } from "./fixtures/axe";
import { MESSAGES } from "./fixtures/messages";
import { E2E } from "./fixtures/ports";
import { codeIn, linkIn, requestSignInMail, signIn } from "./fixtures/sign-in";

const en = MESSAGES.en;

test("sign in with the link from the real mail, see the orders, reveal and copy a key", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const mail = await requestSignInMail(page, "alice@demo.test", "en");
  const link = linkIn(mail);
  expect(link.startsWith(`${E2E.baseUrl}/en/sign-in/confirm?`)).toBe(true);
  // Opening the link (as a mail scanner would) signs nobody in and burns nothing.
  const scanned = await page.request.get(link);
  expect(scanned.headers()["referrer-policy"]).toBe("no-referrer");
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: en.signIn.confirmTitle })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: en.signIn.confirmSubmit }).click();
  await expect(page).toHaveURL(/\/en\/orders$/);
  await expect(page.getByRole("row")).not.toHaveCount(0);
  await expect(page.getByRole("link", { name: /^ORD-\d{4}-/ }).first()).toBeVisible();

  await page
    .getByRole("navigation", { name: en.nav.portal })
    .getByRole("link", { name: en.nav.licenses })
    .click();
  const card = page
    .locator(".card")
    .filter({ has: page.locator(".badge.active") })
    .first();
  const masked = await card.locator("summary code").textContent();
  expect(masked).toMatch(/^(•••••-){4}[A-Z0-9]{5}$/);
  await card.getByText(en.licenses.reveal).click();
  const key = (await card.locator("code.key").textContent())!;
  expect(key).toMatch(/^[A-Z0-9]{5}(-[A-Z0-9]{5}){4}$/);
  expect(key.slice(-5)).toBe(masked!.slice(-5));
  await card.getByRole("button", { name: en.licenses.copy }).click();
  await expect(card.getByRole("status")).toHaveText(en.licenses.copied);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

  // The link works once.
  await page.context().clearCookies();
  await page.goto(link);
  await page.getByRole("button", { name: en.signIn.confirmSubmit }).click();
  await expect(page.getByRole("heading", { level: 1, name: en.signIn.errorTitle })).toBeVisible();
  await expect(page.locator("main [role=alert]")).toHaveText(en.signIn.errors.VERIFICATION);
});

test("sign in with the code, in French, without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, "bruno@demo.test", "fr", "code", { fresh: true });
  await expect(page.getByRole("link", { name: /^ORD-\d{4}-/ }).first()).toBeVisible();
  await context.close();
});

test("a second request voids the first link; five wrong codes lock the code", async ({ page }) => {
  const first = await requestSignInMail(page, "chiara@demo.test", "it");
  const second = await requestSignInMail(page, "chiara@demo.test", "it");
  expect(codeIn(second)).not.toBe(codeIn(first));
  await page.goto(linkIn(first));
  await page.getByRole("button", { name: MESSAGES.it.signIn.confirmSubmit }).click();
  await expect(page.getByRole("heading", { level: 1, name: MESSAGES.it.signIn.errorTitle })).toBeVisible();

  const mail = await requestSignInMail(page, "chiara@demo.test", "it");
  const right = codeIn(mail);
  for (let i = 0; i < 5; i++) {
    await page.goto("/it/sign-in/check-email");
    await page.getByLabel(MESSAGES.it.signIn.codeLabel).fill(right === "AAAAAA" ? "BBBBBB" : "AAAAAA");
    await page.getByRole("button", { name: MESSAGES.it.signIn.codeSubmit }).click();
    await expect(page.getByRole("heading", { level: 1, name: MESSAGES.it.signIn.errorTitle })).toBeVisible();
  }
  await page.goto("/it/sign-in/check-email");
  await page.getByLabel(MESSAGES.it.signIn.codeLabel).fill(right);
  await page.getByRole("button", { name: MESSAGES.it.signIn.codeSubmit }).click();
  await expect(page.getByRole("heading", { level: 1, name: MESSAGES.it.signIn.errorTitle })).toBeVisible();
});

test("an unknown address gets the same page and a 'no purchases' mail; the link ignores the Host", async ({
  browser,
}) => {
  // Reached through another host name: the mail still links to the configured public URL.
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${E2E.port}` });
  const page = await context.newPage();
  const known = await requestSignInMail(page, "alice@demo.test", "en");
  const knownPage = await page.locator("main").innerText();
  expect(linkIn(known).startsWith(`${E2E.baseUrl}/`)).toBe(true);

  const stranger = `nobody-${Date.now()}@example.test`;
  const mail = await requestSignInMail(page, stranger, "en");
  expect(mail.text).not.toMatch(/sign-in\/confirm/);
  expect(mail.subject).toContain("no purchases");
  expect((await page.locator("main").innerText()).replace(stranger, "X")).toBe(
    knownPage.replace("alice@demo.test", "X"),
  );
  await context.close();
});

test("past the per-address limit no more mails go out and the page stays the same", async ({ page }) => {
  const email = `limit-${Date.now()}@example.test`;
  for (let i = 0; i < 7; i++) {
    await page.goto("/en/sign-in");
    await page.getByLabel(en.signIn.emailLabel).fill(email);
    await page.getByRole("button", { name: en.signIn.submit }).click();
    await expect(page.getByRole("heading", { level: 1, name: en.signIn.checkTitle })).toBeVisible();
  }
  await waitForMessage(E2E.mailUrl, (m) => m.to.includes(email), { timeoutMs: 10_000 });
  await page.waitForTimeout(1500);
  expect((await fetchMessages(E2E.mailUrl, { to: email })).length).toBe(5);
});

test("an invalid address gets a translated message next to the field", async ({ page }) => {
  await page.goto("/fr/sign-in");
  await page.getByLabel(MESSAGES.fr.signIn.emailLabel).fill("pas-une-adresse");
  await page.getByRole("button", { name: MESSAGES.fr.signIn.submit }).click();
  await expect(page.locator("main [role=alert]")).toHaveText(MESSAGES.fr.signIn.errors.EMAIL_INVALID);
  await expect(page.getByLabel(MESSAGES.fr.signIn.emailLabel)).toHaveAttribute("aria-invalid", "true");
  await expectNoAxeViolations(page);
});
