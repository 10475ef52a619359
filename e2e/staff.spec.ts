import { expect, test } from "@playwright/test";
import { fetchMessages, waitForMessage } from "../emulators/mail/client";
import { expectNoAxeViolations } from "./fixtures/axe";
import { newCustomer } from "./fixtures/customers";
import { E2E } from "./fixtures/ports";
import { LOCALES, MESSAGES } from "./fixtures/messages";
import { requestSignInMail, signIn } from "./fixtures/sign-in";
import { staffSignIn } from "./fixtures/staff";

const KEY = /[A-HJ-NP-Z2-9]{5}(?:-[A-HJ-NP-Z2-9]{5}){4}/;

test("an agent in French signs in, finds a customer by license key and re-sends the keys for them", async ({
  page,
}) => {
  const fr = MESSAGES.fr;
  const { email } = await newCustomer("it");
  const delivery = await waitForMessage(E2E.mailUrl, (x) => x.to.includes(email), { timeoutMs: 20_000 });
  const key = KEY.exec(delivery.text)![0];

  await staffSignIn(page, "fr", { axe: true });
  await expectNoAxeViolations(page);
  await page.getByRole("searchbox", { name: fr.staff.lookup.label }).fill(key);
  await page.getByRole("button", { name: fr.staff.lookup.submit }).click();
  await expect(page.getByRole("heading", { level: 1, name: email })).toBeVisible();
  await expect(page.getByText(key)).toBeVisible();
  await expectNoAxeViolations(page);

  const form = page.locator("#resend-keys-for");
  // The note is required: without it nothing is sent, and the error is beside the field.
  await form.getByRole("button", { name: fr.staff.keys.resend }).click();
  await expect(form.getByText(fr.staff.errors.NOTE_REQUIRED)).toBeVisible();
  await form.getByLabel(fr.staff.note.label).fill("Demande par téléphone");
  await form.getByRole("button", { name: fr.staff.keys.resend }).click();
  await expect(page.getByRole("status").filter({ hasText: fr.staff.notices.KEYS_SENT })).toBeVisible();
  const keysMail = await waitForMessage(
    E2E.mailUrl,
    (x) => x.to.includes(email) && x.text.includes(key) && Number(x.id) > Number(delivery.id),
    { timeoutMs: 20_000 },
  );
  // In the customer's language (Italian), not the agent's.
  expect(keysMail.subject).not.toBe("");
  await expectNoAxeViolations(page);
});

test("a customer's session gets the not-found page on every staff URL; a stranger is sent to the staff sign-in", async ({
  page,
}) => {
  await page.goto("/en/staff");
  await expect(page).toHaveURL(/\/en\/staff\/sign-in\?next=/);
  await signIn(page, "alice@demo.test", "en");
  for (const path of [
    "/en/staff",
    "/fr/staff",
    "/en/staff/customers/00000000-0000-4000-8000-000000000000",
    "/it/staff/queue",
    "/en/staff/reasons",
    "/fr/staff/audit",
    "/en/staff/audit/export",
  ]) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(404);
  }
});

// The sign-in pages, the lookup, a customer's page and the queue are judged by axe in every locale
// and both themes in the layout walk (e2e/layout.spec.ts); the reasons chart and the audit log here.
test("the reasons chart and the audit log are axe clean in every locale; the chart shows the demo's reasons; sign-ins are in the audit log", async ({
  page,
  browser,
}) => {
  // Six pages under axe, the chart, the audit log and its export: more than the default minute.
  test.setTimeout(120_000);
  // One sign-in (the staff address has five sign-ins per 15 minutes); the session holds in every locale.
  await staffSignIn(page, "en");
  for (const locale of LOCALES) {
    const m = MESSAGES[locale];
    for (const [path, title] of [
      ["/staff/reasons", m.staff.reasons.title],
      ["/staff/audit", m.staff.audit.title],
    ] as const) {
      await page.goto(`/${locale}${path}`);
      await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
      await expectNoAxeViolations(page);
    }
  }
  // The demo's cancellation (Bruno's plan, "switched to another product") is in the chart and its table.
  const en = MESSAGES.en;
  await page.goto("/en/staff/reasons");
  const cancellations = page.getByRole("region", { name: en.staff.reasons.cancellationsTable });
  await expect(
    cancellations.getByRole("columnheader", { name: en.subscriptions.reasons.switched_service }),
  ).toBeVisible();
  await expect(page.getByRole("img", { name: en.staff.reasons.cancellations })).toBeVisible();
  // The audit log shows the demo's purchases (recorded from Stripe's webhooks); the CSV export answers for staff.
  await page.goto("/en/staff/audit?actorType=stripe&action=order.");
  await expect(page.getByRole("cell", { name: "order.created" }).first()).toBeVisible();
  const csv = await page.request.get("/en/staff/audit/export?actorType=stripe&action=order.");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).split("\r\n");
  expect(lines[0]).toContain('"actor_type"');
  expect(lines[1]).toContain('"order.created"');

  // Sign-ins are audited. A stranger asks for a code and types a wrong one: both rows are found by the
  // address; the setup's sign-in of Alice is found by hers.
  const stranger = await (await browser.newContext()).newPage();
  const address = `stranger-${Date.now()}@demo.test`;
  await requestSignInMail(stranger, address, "en");
  await stranger.getByLabel(en.signIn.codeLabel).fill("AAAAAA");
  await stranger.getByRole("button", { name: en.signIn.codeSubmit }).click();
  await expect(stranger.getByLabel(en.signIn.codeLabel)).toHaveAttribute("aria-invalid", "true");
  await page.goto(`/en/staff/audit?action=sign_in.&customer=${encodeURIComponent(address)}`);
  await expect(page.getByRole("cell", { name: "sign_in.requested" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "sign_in.failed" }).first()).toBeVisible();
  await page.goto("/en/staff/audit?action=sign_in.succeeded&customer=alice%40demo.test");
  await expect(page.getByRole("cell", { name: "sign_in.succeeded" }).first()).toBeVisible();
});

test("a past-window request filed in Italian is approved by an agent in French: refunded, and the customer mailed in Italian", async ({
  page,
  browser,
}) => {
  const it = MESSAGES.it;
  const fr = MESSAGES.fr;
  // Chiara (Italian) files the request for her order past the 90 days, unless an earlier spec did.
  await signIn(page, "chiara@demo.test", "it");
  const row = page.getByRole("row").filter({ hasText: "Lumen Backup Standard" });
  // The row also links its invoice: the order's own link is the one named by its number.
  const orderLink = row.getByRole("link", { name: /^ORD-/ });
  const orderNumber = (await orderLink.textContent())!;
  await orderLink.click();
  await page.getByRole("link", { name: it.orders.refundLink }).click();
  await expect(page.getByRole("heading", { level: 2, name: it.refund.pastTitle })).toBeVisible();
  const submit = page.getByRole("button", { name: it.refund.exceptionSubmit });
  if (await submit.isVisible()) {
    await page.getByLabel(it.refund.reasons.no_longer_needed).check();
    await page
      .getByLabel(it.refund.exceptionTextLabel)
      .fill("Ero in ospedale e non ho potuto provarlo prima.");
    await submit.click();
    await expect(page.getByRole("status")).toHaveText(it.refund.notices.EXCEPTION_SENT);
  }

  const agent = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  await staffSignIn(agent, "fr");
  await agent.getByRole("link", { name: fr.staff.nav.queue }).click();
  await expect(agent.getByRole("heading", { level: 1, name: fr.staff.queue.title })).toBeVisible();
  await expectNoAxeViolations(agent);
  const card = agent.locator("article.card").filter({ hasText: orderNumber });
  const approve = card
    .locator("form")
    .filter({ has: agent.getByRole("button", { name: fr.staff.queue.approve }) });
  await approve.getByLabel(fr.staff.note.label).fill("Accepté à titre exceptionnel.");
  const before = Math.max(0, ...(await fetchMessages(E2E.mailUrl)).map((x) => Number(x.id)));
  await approve.getByRole("button", { name: fr.staff.queue.approve }).click();
  await expect(agent.getByRole("status").filter({ hasText: fr.staff.notices.APPROVED })).toBeVisible();
  await expect(agent.locator("article.card").filter({ hasText: orderNumber })).toHaveCount(0);

  const decision = await waitForMessage(
    E2E.mailUrl,
    (x) => x.to.includes("chiara@demo.test") && Number(x.id) > before && x.text.includes("Accepté à titre"),
    { timeoutMs: 20_000 },
  );
  expect(decision.subject).toContain(orderNumber);
  expect(decision.subject).toContain("accolta");

  await expect
    .poll(
      async () => {
        await page.goto(`/it/orders/${orderNumber}`);
        return page.getByText(it.orders.statuses.refunded).first().isVisible();
      },
      { timeout: 30_000 },
    )
    .toBe(true);
});
