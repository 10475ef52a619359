import { expect, test, type Page } from "@playwright/test";
import type Stripe from "stripe";
import { fetchMessages, waitForMessage } from "../emulators/mail/client";
import type { TSinkMessage } from "../emulators/mail/types";
import { expectNoAxeViolations } from "./fixtures/axe";
import { MESSAGES, type TLocale } from "./fixtures/messages";
import { E2E } from "./fixtures/ports";
import { signIn } from "./fixtures/sign-in";
import { emulatorControl, priceOf, shopStripe } from "./fixtures/stripe";

const it = MESSAGES.it;

/** A regex matching what an ICU message renders to, whatever its placeholders hold. */
function templateRegex(template: string): RegExp {
  return new RegExp(
    `^${template
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[\\s\\S]+")}$`,
  );
}

/** The customer's plan of this product, as Stripe has it now. */
async function stripePlan(email: string, slug: string): Promise<Stripe.Subscription> {
  const stripe = shopStripe();
  const price = await priceOf(stripe, slug);
  const { data: found } = await stripe.customers.list({ email, limit: 100 });
  for (const customer of found) {
    const { data } = await stripe.subscriptions.list({ customer: customer.id, price: price.id, limit: 10 });
    if (data[0]) return stripe.subscriptions.retrieve(data[0].id);
  }
  throw new Error(`no ${slug} plan for ${email}`);
}

async function lastMailId(): Promise<number> {
  return Math.max(0, ...(await fetchMessages(E2E.mailUrl)).map((m) => Number(m.id)));
}

async function mailAfter(id: number, to: string, subject: string): Promise<TSinkMessage> {
  const pattern = templateRegex(subject);
  return waitForMessage(
    E2E.mailUrl,
    (m) => Number(m.id) > id && m.to.includes(to) && pattern.test(m.subject),
    { timeoutMs: 15_000 },
  );
}

async function openPlans(page: Page, locale: TLocale): Promise<void> {
  const m = MESSAGES[locale];
  await page
    .getByRole("navigation", { name: m.nav.portal })
    .getByRole("link", { name: m.nav.subscriptions })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: m.subscriptions.title })).toBeVisible();
}

test("it: chiara cancels her plan with a reason and resumes it, without JavaScript", async ({
  page,
  browser,
}) => {
  await signIn(page, "chiara@demo.test", "it");
  await openPlans(page, "it");
  await expectNoAxeViolations(page);

  // The same session in a browser without JavaScript: every step is a plain form.
  const noJs = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const p = await noJs.newPage();
  await p.goto("/it/subscriptions");
  const card = p.locator(".card").filter({ hasText: "CloudSync" });
  await expect(card.locator(".badge")).toHaveText(it.subscriptions.states.renewing);
  await card.getByRole("link", { name: it.subscriptions.cancelLink }).click();

  await expect(p.getByRole("heading", { level: 1, name: it.subscriptions.cancelTitle })).toBeVisible();
  const reasons = p.getByRole("radiogroup", { name: it.subscriptions.reasonLegend });
  await expect(reasons.getByRole("radio")).toHaveCount(8);
  await reasons.getByLabel(it.subscriptions.reasons.too_expensive).check();
  await p.getByLabel(it.subscriptions.commentLabel).fill("Costa troppo per l’uso che ne faccio");
  const beforeCancel = await lastMailId();
  await p.getByRole("button", { name: it.subscriptions.confirm }).click();

  await expect(p.locator("main [role=status]")).toHaveText(templateRegex(it.subscriptions.notices.CANCELLED));
  await expect(card.locator(".badge")).toHaveText(it.subscriptions.states.cancelling);
  let remote = await stripePlan("chiara@demo.test", "cloudsync-yearly");
  expect(remote.cancel_at_period_end).toBe(true);
  expect(remote.cancellation_details).toMatchObject({
    feedback: "too_expensive",
    comment: "Costa troppo per l’uso che ne faccio",
  });
  const cancelled = await mailAfter(beforeCancel, "chiara@demo.test", it.mail.subscriptionCancelled.subject);
  expect(cancelled.text).toContain("CloudSync");

  const beforeResume = await lastMailId();
  await card.getByRole("button", { name: it.subscriptions.resume }).click();
  await expect(p.locator("main [role=status]")).toHaveText(templateRegex(it.subscriptions.notices.RESUMED));
  await expect(card.locator(".badge")).toHaveText(it.subscriptions.states.renewing);
  remote = await stripePlan("chiara@demo.test", "cloudsync-yearly");
  expect(remote.cancel_at_period_end).toBe(false);
  expect(remote.cancellation_details?.feedback ?? null).toBeNull();
  await mailAfter(beforeResume, "chiara@demo.test", it.mail.subscriptionResumed.subject);
  await noJs.close();

  // The cancel page with JavaScript, for axe; then bad input and Stripe down change nothing.
  await page.reload();
  await page
    .locator(".card")
    .filter({ hasText: "CloudSync" })
    .getByRole("link", { name: it.subscriptions.cancelLink })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: it.subscriptions.cancelTitle })).toBeVisible();
  await expectNoAxeViolations(page);
  // A comment over the limit is refused next to the field, the answer kept.
  await page.getByLabel(it.subscriptions.reasons.unused).check();
  await page.getByLabel(it.subscriptions.commentLabel).fill("x".repeat(1001));
  await page.getByRole("button", { name: it.subscriptions.confirm }).click();
  await expect(page.getByLabel(it.subscriptions.commentLabel)).toHaveAccessibleDescription(
    new RegExp(
      it.subscriptions.errors.COMMENT_TOO_LONG.replace("{max}", "1000").replace(
        /[.*+?^${}()|[\]\\]/g,
        "\\$&",
      ),
    ),
  );
  await expect(page.getByLabel(it.subscriptions.reasons.unused)).toBeChecked();
  await expect(page.getByLabel(it.subscriptions.commentLabel)).toHaveValue("x".repeat(1001));
  await expectNoAxeViolations(page);
  await page.getByLabel(it.subscriptions.commentLabel).fill("");

  // Stripe down (every attempt of the SDK fails): nothing changes, and the page says to try again.
  const faults = { count: 3, mode: "500", pathPrefix: `/v1/subscriptions/${remote.id}` };
  await emulatorControl("/faults", faults);
  try {
    await page.getByRole("button", { name: it.subscriptions.confirm }).click();
    await expect(page.locator("#cancel-plan-notice")).toHaveText(it.subscriptions.errors.STRIPE_UNAVAILABLE);
    await expect(page.getByRole("heading", { level: 1, name: it.subscriptions.cancelTitle })).toBeVisible();
    await expect(page.getByLabel(it.subscriptions.reasons.unused)).toBeChecked();
  } finally {
    await fetch(`${E2E.stripeUrl}/_emulator/faults`, { method: "DELETE" });
  }
  expect((await stripePlan("chiara@demo.test", "cloudsync-yearly")).cancel_at_period_end).toBe(false);
  await page.goto("/it/subscriptions");
  await expect(page.locator(".card").filter({ hasText: "CloudSync" }).locator(".badge")).toHaveText(
    it.subscriptions.states.renewing,
  );
});

test("en and fr: the plans pages pass axe; a plan set to end offers resume; another customer's plan is 404", async ({
  page,
  browser,
}) => {
  await signIn(page, "alice@demo.test", "en");
  await openPlans(page, "en");
  const aliceCard = page
    .locator(".card")
    .filter({ has: page.getByRole("link", { name: MESSAGES.en.subscriptions.cancelLink }) })
    .first();
  const alicePlanId = (await aliceCard.getAttribute("id"))!.replace(/^plan-/, "");
  await expectNoAxeViolations(page);
  await aliceCard.getByRole("link", { name: MESSAGES.en.subscriptions.cancelLink }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: MESSAGES.en.subscriptions.cancelTitle }),
  ).toBeVisible();
  await expectNoAxeViolations(page);

  const fr = await browser.newContext();
  const bruno = await fr.newPage();
  await signIn(bruno, "bruno@demo.test", "fr");
  await openPlans(bruno, "fr");
  const brunoCard = bruno
    .locator(".card")
    .filter({ has: bruno.locator(".badge", { hasText: MESSAGES.fr.subscriptions.states.cancelling }) });
  await expect(brunoCard.getByRole("button", { name: MESSAGES.fr.subscriptions.resume })).toBeVisible();
  await expectNoAxeViolations(bruno);
  // His cancel page says the plan is already set to end, instead of asking again.
  const brunoPlanId = (await brunoCard.getAttribute("id"))!.replace(/^plan-/, "");
  await bruno.goto(`/fr/subscriptions/${brunoPlanId}/cancel`);
  await expect(bruno.locator("main [role=alert]")).toHaveText(
    templateRegex(MESSAGES.fr.subscriptions.alreadyCancelled),
  );
  await expectNoAxeViolations(bruno);

  // Alice's plan, asked for by Bruno: not found, exactly like a plan that does not exist.
  for (const path of [
    `/fr/subscriptions/${alicePlanId}/cancel`,
    `/fr/subscriptions/${alicePlanId}/cancel/confirm?reason=unused`,
    `/fr/subscriptions/${crypto.randomUUID()}/cancel`,
  ]) {
    const response = await bruno.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(bruno.getByRole("heading", { level: 1, name: MESSAGES.fr.notFound.title })).toBeVisible();
  }
  await fr.close();
  expect((await stripePlan("alice@demo.test", "backup-yearly-cloud")).cancel_at_period_end).toBe(false);
});
