import { expect, test } from "@playwright/test";
import { fetchMessages, waitForMessage } from "../emulators/mail/client";
import { expectNoAxeViolations } from "./fixtures/axe";
import { newCustomer } from "./fixtures/customers";
import { E2E } from "./fixtures/ports";
import { LOCALES, MESSAGES } from "./fixtures/messages";
import { codeIn, linkIn, requestSignInMail, signIn, SIGN_IN_BURST_MS } from "./fixtures/sign-in";

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

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

for (const locale of LOCALES) {
  test(`sign in with the code from the real mail, JavaScript on (${locale})`, async ({ page }) => {
    const email = { en: "alice@demo.test", fr: "bruno@demo.test", it: "chiara@demo.test" }[locale];
    await signIn(page, email, locale, "code", { fresh: true });
    await expect(page.getByRole("link", { name: /^ORD-\d{4}-/ }).first()).toBeVisible();
  });
}

test("sign in with the code, in French, without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, "bruno@demo.test", "fr", "code", { fresh: true });
  await expect(page.getByRole("link", { name: /^ORD-\d{4}-/ }).first()).toBeVisible();
  await context.close();
});

for (const javaScriptEnabled of [true, false]) {
  test(`a wrong code is answered beside the field, then the right one signs in (JavaScript ${
    javaScriptEnabled ? "on" : "off"
  })`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const m = MESSAGES.it.signIn;
    const { email } = await newCustomer("it");
    const right = codeIn(await requestSignInMail(page, email, "it"));
    const field = page.getByLabel(m.codeLabel);
    await field.fill(right === "AAAAAA" ? "BBBBBB" : "AAAAAA");
    await page.getByRole("button", { name: m.codeSubmit }).click();
    await expect(page.getByLabel(m.codeLabel)).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel(m.codeLabel)).toHaveAccessibleDescription(
      new RegExp(escape(m.errors.CODE_WRONG)),
    );
    // What was typed is still there, on the same page.
    await expect(page).toHaveURL(/\/it\/sign-in\/check-email$/);
    await expect(page.getByLabel(m.codeLabel)).toHaveValue(right === "AAAAAA" ? "BBBBBB" : "AAAAAA");
    // axe runs scripts in the page: only with JavaScript on.
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    await page.getByLabel(m.codeLabel).fill(right);
    await page.getByRole("button", { name: m.codeSubmit }).click();
    await expect(page).toHaveURL(/\/it\/orders$/);
    await context.close();
  });
}

test("a deep link survives sign-in: the customer lands on the page that asked", async ({ page }) => {
  const m = MESSAGES.fr;
  const { email } = await newCustomer("fr");
  // The customer's order, as a link from a mail would point to it.
  await signIn(page, email, "fr", "code", { fresh: true });
  const href = (await page
    .getByRole("link", { name: /^ORD-\d{4}-/ })
    .first()
    .getAttribute("href"))!;
  await page.context().clearCookies();
  await page.goto(`${href}?from=mail`);
  await expect(page).toHaveURL(/\/fr\/sign-in\?next=/);
  const mail = await requestSignInMail(page, email, "fr", { keepUrl: true });
  await page.getByLabel(m.signIn.codeLabel).fill(codeIn(mail));
  await page.getByRole("button", { name: m.signIn.codeSubmit }).click();
  await expect(page).toHaveURL(new RegExp(`${escape(href)}\\?from=mail$`));
  // The link in the same kind of mail carries the page too.
  await page.context().clearCookies();
  await page.goto(`${href}`);
  const again = await requestSignInMail(page, email, "fr", { keepUrl: true });
  expect(linkIn(again)).toContain(`next=${encodeURIComponent(href)}`);
  await page.goto(linkIn(again));
  await page.getByRole("button", { name: m.signIn.confirmSubmit }).click();
  await expect(page).toHaveURL(new RegExp(`${escape(href)}$`));
  // Another origin is never a destination.
  await page.context().clearCookies();
  await page.goto("/fr/sign-in?next=//evil.test/fr/orders");
  await expect(page.locator("input[name=next]")).toHaveCount(0);
});

test("a double click on the sign-in button sends one mail", async ({ browser }) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const email = `double-${javaScriptEnabled}-${Date.now()}@example.test`;
    await page.goto("/en/sign-in");
    await page.getByLabel(en.signIn.emailLabel).fill(email);
    await page.getByRole("button", { name: en.signIn.submit }).dblclick();
    await expect(page.getByRole("heading", { level: 1, name: en.signIn.checkTitle })).toBeVisible();
    await waitForMessage(E2E.mailUrl, (m) => m.to.includes(email), { timeoutMs: 10_000 });
    await page.waitForTimeout(1500);
    expect((await fetchMessages(E2E.mailUrl, { to: email })).length).toBe(1);
    await context.close();
  }
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
  // The limit counts in fixed windows (SIGN_IN_PER_ADDRESS, lib/auth/request-sign-in.ts: 5 per
  // address per 15 minutes, from the full quarter hour): the seven requests take ~25 s, so start
  // them well inside one window. Started seconds before a quarter hour, the count began again
  // halfway and seven mails went out.
  test.setTimeout(150_000);
  const windowMs = 15 * 60 * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < 60_000) await page.waitForTimeout(left + 1_000);
  const email = `limit-${Date.now()}@example.test`;
  for (let i = 0; i < 7; i++) {
    // Past the double-click window: each is a request of its own.
    if (i > 0) await page.waitForTimeout(SIGN_IN_BURST_MS);
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
  const field = page.getByLabel(MESSAGES.fr.signIn.emailLabel);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(
    new RegExp(escape(MESSAGES.fr.signIn.errors.EMAIL_INVALID)),
  );
  await expect(field).toHaveValue("pas-une-adresse");
  await expect(field).toBeFocused();
  await expectNoAxeViolations(page);
});
