import { expect, type Locator, type Page, test } from "@playwright/test";
import { newCustomer } from "./fixtures/customers";
import { MESSAGES } from "./fixtures/messages";
import { signIn } from "./fixtures/sign-in";

// Issue 13: clicks from the signed-in home (the orders list) to done, for the four errands people
// come for, counted on the real pages at 1280 px (on a phone the header's Menu adds one where a
// section is reached through it). Printed for the closing note; the test fails if one grows.
const en = MESSAGES.en;
const it = MESSAGES.it;
const counts: Record<string, number> = {};

function counter(page: Page) {
  let n = 0;
  return {
    click: async (target: Locator) => {
      n += 1;
      await target.click();
    },
    check: async (target: Locator) => {
      n += 1;
      await target.check();
    },
    get count() {
      return n;
    },
    page,
  };
}

test.afterAll(() => {
  console.log(`clicks from the signed-in home to done: ${JSON.stringify(counts)}`);
});

test("keys re-sent, refund and swap: clicks from the orders list", async ({ page }) => {
  test.setTimeout(120_000);
  const { email } = await newCustomer("en", { prefix: "clicks" });
  await newCustomer("en", { email, product: "backup-pro" });
  await signIn(page, email, "en", "link", { fresh: true });
  const portalNav = page.getByRole("navigation", { name: en.nav.portal });

  const keys = counter(page);
  await keys.click(portalNav.getByRole("link", { name: en.nav.licenses }));
  await keys.click(page.getByRole("button", { name: en.licenses.resend }));
  await expect(page.getByRole("main").getByRole("status")).toHaveText(
    en.licenses.notices.KEYS_SENT.replace("{email}", email),
  );
  counts.keysResent = keys.count;

  await page.goto("/en/orders");
  const refund = counter(page);
  await refund.click(page.getByRole("row").nth(1).getByRole("link", { name: /^ORD-/ }));
  await refund.click(page.getByRole("link", { name: en.orders.refundLink }));
  // The order's one item is chosen already.
  await refund.check(page.getByLabel(en.refund.reasons.not_working));
  await refund.click(page.getByRole("button", { name: en.refund.continue }));
  await refund.click(page.getByRole("main").getByRole("button", { name: /Refund|withdrawal/ }));
  await expect(page.getByRole("heading", { level: 1, name: en.refund.statusTitle })).toBeVisible();
  counts.refund = refund.count;

  await page.goto("/en/orders");
  const swap = counter(page);
  // The other order (the list is newest first: the refunded one is the first row).
  await swap.click(page.getByRole("row").last().getByRole("link", { name: /^ORD-/ }));
  await swap.click(page.getByRole("link", { name: en.swap.orderLink }));
  await swap.check(page.getByRole("radio", { name: /Lumen Backup Standard/ }));
  await swap.click(page.getByRole("button", { name: en.swap.confirm }));
  await expect(page.getByRole("heading", { level: 1, name: en.swap.statusTitle })).toBeVisible();
  counts.swap = swap.count;

  expect(counts).toMatchObject({ keysResent: 2, refund: 5, swap: 4 });
});

test("plan cancelled: clicks from the orders list (then resumed, as it was)", async ({ page }) => {
  await signIn(page, "chiara@demo.test", "it");
  const cancel = counter(page);
  await cancel.click(
    page.getByRole("navigation", { name: it.nav.portal }).getByRole("link", { name: it.nav.subscriptions }),
  );
  const card = page.locator(".card").filter({ hasText: "CloudSync" });
  await cancel.click(card.getByRole("link", { name: it.subscriptions.cancelLink }));
  await cancel.check(page.getByLabel(it.subscriptions.reasons.unused));
  await cancel.click(page.getByRole("button", { name: it.subscriptions.confirm }));
  await expect(card.getByRole("button", { name: it.subscriptions.resume })).toBeVisible();
  counts.planCancelled = cancel.count;
  // Left as the other specs expect it: renewing.
  await card.getByRole("button", { name: it.subscriptions.resume }).click();
  await expect(card.getByRole("link", { name: it.subscriptions.cancelLink })).toBeVisible();
  expect(counts.planCancelled).toBe(4);
});
