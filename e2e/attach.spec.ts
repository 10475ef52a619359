import { expect, test } from "@playwright/test";
import { createTranslator } from "next-intl";
import { fetchMessages, waitForMessage, type TSinkMessage } from "../emulators/mail/client";
import { expectNoAxeViolations } from "./fixtures/axe";
import { expectFieldError } from "./fixtures/fields";
import { MESSAGES } from "./fixtures/messages";
import { E2E } from "./fixtures/ports";
import { newCustomer } from "./fixtures/customers";
import { signIn } from "./fixtures/sign-in";
import { emulatorControl, priceOf, shopStripe } from "./fixtures/stripe";

const en = MESSAGES.en;
const ALICE = "alice@demo.test";
const tAttach = createTranslator({ locale: "en", messages: en, namespace: "attach" });
const tLost = createTranslator({ locale: "en", messages: en, namespace: "lostAddress" });

/** A regex matching what an ICU message renders to, whatever its placeholders hold. */
function templateRegex(template: string): RegExp {
  return new RegExp(
    `^${template
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".+")}$`,
  );
}

const newestId = async () => Math.max(0, ...(await fetchMessages(E2E.mailUrl)).map((m) => Number(m.id)));

function claimCodeIn(mail: TSinkMessage): string {
  const code = /^\s{4}([A-Z2-9]{6})\s*$/m.exec(mail.text)?.[1];
  if (!code) throw new Error(`no code in: ${mail.text}`);
  return code;
}

test("purchases made under an old address are attached with the code mailed there", async ({ page }) => {
  // The shop's side: a purchase under an address alice no longer signs in with.
  const stripe = shopStripe();
  const old = `old-${Date.now()}@example.test`;
  const price = await priceOf(stripe, "backup-pro");
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: old,
    metadata: { locale: "en" },
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: `${E2E.baseUrl}/en?checkout={CHECKOUT_SESSION_ID}`,
    cancel_url: `${E2E.baseUrl}/en`,
  });
  await emulatorControl(`/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
  const delivery = await waitForMessage(E2E.mailUrl, (m) => m.to.includes(old), { timeoutMs: 20_000 });
  const orderNumber = /ORD-\d{4}-[A-Z0-9]{6}/.exec(delivery.subject)![0];

  await signIn(page, ALICE, "en");
  await expect(page.getByRole("link", { name: orderNumber })).toHaveCount(0);

  await page.goto("/en/account");
  await page.getByRole("link", { name: en.account.attachLink }).click();
  await expect(page).toHaveURL(/\/en\/account\/attach$/);
  await expect(page.getByRole("heading", { level: 1, name: en.attach.title })).toBeVisible();
  await expect(page.getByRole("complementary")).toBeVisible();
  await expectNoAxeViolations(page);

  // Its own address is refused, next to the field.
  await page.getByLabel(en.attach.emailLabel).fill(ALICE);
  await page.getByRole("button", { name: en.attach.emailSubmit }).click();
  await expectFieldError(page.getByLabel(en.attach.emailLabel), en.attach.errors.SAME_ADDRESS);
  await expect(page.getByLabel(en.attach.emailLabel)).toHaveValue(ALICE);

  const lastId = await newestId();
  await page.getByLabel(en.attach.emailLabel).fill(old);
  await page.getByRole("button", { name: en.attach.emailSubmit }).click();
  await expect(page).toHaveURL(/\/en\/account\/attach\?claim=[0-9a-f-]{36}$/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText(tAttach("sent", { email: old }));
  await expectNoAxeViolations(page);

  const subject = templateRegex(en.mail.addressClaim.subject);
  const mail = await waitForMessage(
    E2E.mailUrl,
    (m) => Number(m.id) > lastId && m.to.includes(old) && subject.test(m.subject),
    { timeoutMs: 10_000 },
  );
  expect(mail.text).toContain(ALICE);
  const code = claimCodeIn(mail);
  // The code went to the old address only.
  const toAlice = (await fetchMessages(E2E.mailUrl, { to: ALICE })).filter(
    (m) => Number(m.id) > lastId && subject.test(m.subject),
  );
  expect(toAlice).toEqual([]);

  // A wrong code: an error next to the field, one try fewer.
  await page
    .getByLabel(en.attach.codeLabel)
    .fill(code.startsWith("A") ? `B${code.slice(1)}` : `A${code.slice(1)}`);
  await page.getByRole("button", { name: en.attach.codeSubmit }).click();
  await expectFieldError(page.getByLabel(en.attach.codeLabel), tAttach("errors.WRONG_CODE", { count: 4 }));

  await page.getByLabel(en.attach.codeLabel).fill(code.toLowerCase());
  await page.getByRole("button", { name: en.attach.codeSubmit }).click();
  await expect(page.getByRole("main").getByRole("status")).toHaveText(
    tAttach("attached", { count: 1, email: old }),
  );
  await page.getByRole("link", { name: en.attach.ordersLink }).click();
  await expect(page).toHaveURL(/\/en\/orders$/);
  await expect(page.getByRole("link", { name: orderNumber })).toBeVisible();

  const confirmation = templateRegex(en.mail.addressAttached.subject);
  const attached = await waitForMessage(
    E2E.mailUrl,
    (m) => m.to.includes(ALICE) && confirmation.test(m.subject) && m.text.includes(orderNumber),
    { timeoutMs: 10_000 },
  );
  expect(attached.subject).toContain(old);

  // The order keeps the address it was bought with.
  await page.getByRole("link", { name: orderNumber }).click();
  await expect(page.getByText(old)).toBeVisible();
  await expect(page.getByText(en.orders.events.attached)).toBeVisible();
});

test("a customer who lost the old address files a request for support", async ({ page }) => {
  await signIn(page, ALICE, "en");
  await page.goto("/en/account");
  await page.getByRole("link", { name: en.account.lostAddressLink }).click();
  await expect(page).toHaveURL(/\/en\/account\/lost-address$/);
  await expect(page.getByRole("heading", { level: 1, name: en.lostAddress.title })).toBeVisible();
  await expectNoAxeViolations(page);

  // Neither an order number nor a date: the error stands next to the order numbers.
  await page.getByLabel(en.lostAddress.oldEmailLabel).fill("gone@example.test");
  await page.getByRole("button", { name: en.lostAddress.submit }).click();
  await expectFieldError(
    page.getByLabel(en.lostAddress.orderNumbersLabel),
    en.lostAddress.errors.DETAILS_MISSING,
  );
  await expect(page.getByLabel(en.lostAddress.oldEmailLabel)).toHaveValue("gone@example.test");
  await expectNoAxeViolations(page);

  const lastId = await newestId();
  await page.getByLabel(en.lostAddress.oldEmailLabel).fill("gone@example.test");
  await page.getByLabel(en.lostAddress.orderNumbersLabel).fill("ord-2024-abc123");
  await page.getByLabel(en.lostAddress.amountLabel).fill("49.95 EUR");
  await page.getByLabel(en.lostAddress.messageLabel).fill("My old work address was closed.");
  await page.getByRole("button", { name: en.lostAddress.submit }).click();
  await expect(page).toHaveURL(/\/en\/account\/lost-address\?notice=SENT$/);
  await expect(page.getByRole("main").getByRole("status")).toHaveText(
    tLost("notices.SENT", { email: ALICE }),
  );

  const subject = templateRegex(en.mail.lostAddress.subject);
  const ack = await waitForMessage(
    E2E.mailUrl,
    (m) => Number(m.id) > lastId && m.to.includes(ALICE) && subject.test(m.subject),
    { timeoutMs: 10_000 },
  );
  expect(ack.text).toContain("gone@example.test");
  expect(ack.text).toContain("ORD-2024-ABC123");
  expect((await fetchMessages(E2E.mailUrl, { to: "gone@example.test" })).length).toBe(0);
  const toSupport = templateRegex(en.mail.supportRequest.subject);
  const support = await waitForMessage(
    E2E.mailUrl,
    (m) => Number(m.id) > lastId && toSupport.test(m.subject) && m.subject.includes(ALICE),
    { timeoutMs: 10_000 },
  );
  expect(support.text).toContain("gone@example.test");

  // The request stays visible, open, on the form's page and on the account page, after a reload.
  await page.goto("/en/account");
  const requests = page.getByRole("region", { name: en.supportRequests.title });
  const mine = requests.getByRole("listitem").filter({ hasText: "gone@example.test" });
  await expect(mine).toHaveCount(1);
  await expect(mine.locator(".badge")).toHaveText(en.supportRequests.statuses.open);
  await expectNoAxeViolations(page);
});

test("a rate-limited lost-address request says so above the form, keeping what was typed", async ({
  page,
}) => {
  const { email } = await newCustomer("en", { prefix: "lost" });
  await signIn(page, email, "en");
  for (let n = 1; n <= 3; n++) {
    await page.goto("/en/account/lost-address");
    await page.getByLabel(en.lostAddress.oldEmailLabel).fill(`gone-${n}@example.test`);
    await page.getByLabel(en.lostAddress.orderNumbersLabel).fill(`ORD-2024-AAA00${n}`);
    await page.getByRole("button", { name: en.lostAddress.submit }).click();
    await expect(page).toHaveURL(/\/en\/account\/lost-address\?notice=SENT$/);
  }
  await page.goto("/en/account/lost-address");
  await expect(
    page.getByRole("region", { name: en.supportRequests.title }).getByRole("listitem"),
  ).toHaveCount(3);
  await page.getByLabel(en.lostAddress.oldEmailLabel).fill("gone-4@example.test");
  await page.getByLabel(en.lostAddress.orderNumbersLabel).fill("ORD-2024-AAA004");
  await page.getByRole("button", { name: en.lostAddress.submit }).click();
  await expect(page.locator("#lost-address-notice")).toHaveText(en.lostAddress.errors.RATE_LIMITED);
  await expect(page.getByLabel(en.lostAddress.oldEmailLabel)).toHaveValue("gone-4@example.test");
  await expectNoAxeViolations(page);
});
