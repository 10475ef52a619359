import { expect, type Page, test } from "@playwright/test";
import type Stripe from "stripe";
import { formatMoney } from "../lib/i18n/format";
import { expectNoAxeViolations } from "./fixtures/axe";
import { waitForMessage } from "../emulators/mail/client";
import { E2E } from "./fixtures/ports";
import { MESSAGES } from "./fixtures/messages";
import { signIn } from "./fixtures/sign-in";
import { emulatorControl, priceOf, shopStripe } from "./fixtures/stripe";

// The money on an order adds up: every payment, refund and credit is listed, and the net is what
// the Stripe emulator says was charged minus refunded. Buyers of their own (no VAT: no country).

const en = MESSAGES.en;
const eur = (n: number) => formatMoney(n, "eur", "en");
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A new buyer of these products in one order (one-time, or a yearly plan), bought as the shop sells
 * (a Checkout Session completed in the emulator, the signed webhook to the portal); the order's
 * number comes from its delivery mail.
 */
async function newBuyer(prefix: string, products: string[], mode: "payment" | "subscription" = "payment") {
  const stripe = shopStripe();
  const email = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.test`;
  const lineItems = [];
  for (const slug of products) lineItems.push({ price: (await priceOf(stripe, slug)).id, quantity: 1 });
  const session = await stripe.checkout.sessions.create({
    mode,
    customer_email: email,
    locale: "en",
    metadata: { locale: "en" },
    line_items: lineItems,
    success_url: `${E2E.baseUrl}/en`,
    cancel_url: `${E2E.baseUrl}/en`,
  });
  await emulatorControl(`/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
  const mail = await waitForMessage(
    E2E.mailUrl,
    (m) => m.to.includes(email) && /ORD-\d{4}-[A-Z0-9]{6}/.test(m.subject),
    { timeoutMs: 20_000 },
  );
  return { email, sessionId: session.id, orderNumber: mail.subject.match(/ORD-\d{4}-[A-Z0-9]{6}/)![0] };
}

/** What Stripe says about these payments: charged, minus the refunds that went through. */
async function stripeNet(stripe: Stripe, paymentIntentIds: string[]) {
  let charged = 0;
  let refunded = 0;
  for (const id of paymentIntentIds) {
    charged += (await stripe.paymentIntents.retrieve(id)).amount_received;
    const list = await stripe.refunds.list({ payment_intent: id, limit: 100 });
    refunded += list.data.filter((r) => r.status === "succeeded").reduce((n, r) => n + r.amount, 0);
  }
  return { charged, refunded, net: charged - refunded };
}

/** The item on the swap page whose heading names this product and that offers this target. */
function itemForm(page: Page, product: RegExp, target: RegExp) {
  return page
    .locator("section.card")
    .filter({ has: page.getByRole("heading", { level: 2, name: product }) })
    .filter({ has: page.getByRole("radio", { name: target }) });
}

/** The order page's ledger once it holds these kinds (webhooks land a moment after Stripe acts). */
async function ledgerKinds(page: Page, orderNumber: string, kinds: string[]) {
  await expect(async () => {
    await page.goto(`/en/orders/${orderNumber}`);
    const rows = page.locator(".payments-ledger tbody tr");
    expect((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-kind")))).sort()).toEqual(
      [...kinds].sort(),
    );
  }).toPass({ timeout: 20_000 });
  return page.locator(".payments-ledger tbody tr");
}

test("a cheaper swap, a dearer swap and a partial refund in the Stripe dashboard: every payment and refund listed, net = Stripe's", async ({
  page,
}) => {
  const stripe = shopStripe();
  const buyer = await newBuyer("money", ["backup-pro", "backup-standard"]);
  const orderNumber = buyer.orderNumber;
  const purchasePi = String((await stripe.checkout.sessions.retrieve(buyer.sessionId)).payment_intent);
  await signIn(page, buyer.email, "en");

  // Cheaper: Pro → Standard, 20.00 back at once.
  await page.goto(`/en/orders/${orderNumber}/swap`);
  const cheaper = itemForm(page, /^Lumen Backup Pro/, /Lumen Backup Standard/);
  await cheaper.getByRole("radio", { name: /Lumen Backup Standard/ }).check();
  await cheaper.getByRole("button", { name: en.swap.confirm }).click();
  await expect(page.getByText(en.swap.moneyRefunded.replace("{amount}", eur(2000)))).toBeVisible();

  // Dearer: Standard → Technician, 169.05 paid on Stripe's page.
  await page.goto(`/en/orders/${orderNumber}/swap`);
  const dearer = itemForm(page, /^Lumen Backup Standard/, /Lumen Backup Technician/);
  await dearer.getByRole("radio", { name: /Lumen Backup Technician/ }).check();
  await dearer.getByRole("button", { name: en.swap.confirm }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  const swapSession = new URL(page.url()).pathname.split("/").pop()!;
  await page.locator("#card_number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: /Pay/ }).click();
  await expect(page.getByText(en.swap.moneyPaid.replace("{amount}", eur(16905)))).toBeVisible({
    timeout: 20_000,
  });
  const differencePi = String((await stripe.checkout.sessions.retrieve(swapSession)).payment_intent);

  // 40 % of what is left of the order's own payment, refunded in the Stripe dashboard.
  const left = await stripeNet(stripe, [purchasePi]);
  await stripe.refunds.create({ payment_intent: purchasePi, amount: Math.round(left.net * 0.4) });

  const rows = await ledgerKinds(page, orderNumber, [
    "purchase",
    "refund_swap",
    "swap_difference",
    "refund_stripe_dashboard",
  ]);
  const money = await stripeNet(stripe, [purchasePi, differencePi]);
  expect(money.charged).toBe(7990 + 16905);
  expect((await rows.locator("td.num").allTextContents()).map((s) => s.trim()).sort()).toEqual(
    [eur(7990), `−${eur(2000)}`, eur(16905), `−${eur(Math.round(left.net * 0.4))}`].sort(),
  );
  await expect(page.getByTestId("net-eur")).toHaveText(
    en.billing.netLine
      .replace("{paid}", eur(money.charged))
      .replace("{refunded}", eur(money.refunded))
      .replace("{net}", eur(money.net)),
  );
  await expectNoAxeViolations(page);
});

test("a yearly plan's swap shows Stripe's prorated amount before confirming, then that amount on the order", async ({
  page,
}) => {
  const stripe = shopStripe();
  const buyer = await newBuyer("plan", ["backup-yearly"], "subscription");
  const orderNumber = buyer.orderNumber;
  await signIn(page, buyer.email, "en");

  await page.goto(`/en/orders/${orderNumber}/swap`);
  const target = page.getByRole("radio", { name: /Lumen Backup Yearly Plan \+ 1 TB cloud/ });
  // The hint under the choice: Stripe's preview, prorated for the rest of the plan's year.
  const shown = new RegExp(
    escape(en.swap.planPay)
      .replace(escape("{amount}"), "(€[\\d,.]+)")
      .replace(escape("{tax}"), escape(eur(0))),
  );
  await expect(page.getByText(shown)).toBeVisible();
  const amount = (await page.getByText(shown).textContent())!.match(shown)![1]!;
  await expectNoAxeViolations(page);
  await target.check();
  await page.getByRole("button", { name: en.swap.confirm }).click();
  await expect(page.getByRole("heading", { level: 1, name: en.swap.statusTitle })).toBeVisible();

  // Recorded from Stripe's invoice.paid: the same amount, on the swap's page and on the order.
  const paid = page.getByText(en.swap.moneyPlanPaid.replace("{amount}", amount));
  await expect(async () => {
    await page.reload();
    await expect(paid).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await ledgerKinds(page, orderNumber, ["purchase", "plan_change"]);
  await expect(page.locator(".payments-ledger tr[data-kind=plan_change] td.num")).toHaveText(amount);
  const session = await stripe.checkout.sessions.retrieve(buyer.sessionId, {
    expand: ["subscription.latest_invoice"],
  });
  const invoice = (session.subscription as Stripe.Subscription).latest_invoice as Stripe.Invoice;
  expect(invoice.billing_reason).toBe("subscription_update");
  expect(eur(invoice.amount_paid)).toBe(amount);
});
