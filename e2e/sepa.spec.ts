import { expect, test } from "@playwright/test";
import type Stripe from "stripe";
import { fetchMessages, waitForMessage } from "../emulators/mail/client";
import { LICENSE_KEY_PATTERN } from "../lib/licenses/license-key";
import { expectNoAxeViolations } from "./fixtures/axe";
import { MESSAGES } from "./fixtures/messages";
import { E2E } from "./fixtures/ports";
import { signIn } from "./fixtures/sign-in";
import { emulatorControl, priceOf, shopStripe } from "./fixtures/stripe";

const DAY = 24 * 3600;
const fr = MESSAGES.fr;

/**
 * The emulator's clock is shared by the whole e2e stack: it goes back to real time after this
 * spec, so later specs (refund windows, renewals) see the time they expect. What the jump did is
 * this spec's customer's own: no demo plan renews within 3 days, and every Checkout Session of
 * earlier specs is complete.
 */
test.afterEach(async () => {
  await emulatorControl("/clock/set", { now: Math.floor(Date.now() / 1000) });
});

test("en français : payée par prélèvement SEPA sur la page Checkout, la commande attend le paiement, puis les clés arrivent", async ({
  page,
}) => {
  const stripe = shopStripe();
  const email = `sepa-${Date.now()}@example.test`;
  const price = await priceOf(stripe, "backup-pro");
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    locale: "fr",
    metadata: { locale: "fr" },
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: `${E2E.baseUrl}/fr?checkout={CHECKOUT_SESSION_ID}`,
    cancel_url: `${E2E.baseUrl}/fr`,
  });

  await page.goto(session.url!);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  // The card is the default choice; SEPA Direct Debit is offered beside it for a payment in euros.
  await expect(page.getByRole("radio", { name: "Carte" })).toBeChecked();
  await page.getByRole("radio", { name: "Prélèvement SEPA" }).check();
  await expect(page.locator("#card_number")).toBeHidden();
  await page.getByLabel("IBAN", { exact: true }).fill("DE89 3704 0044 0532 0130 00");
  await page.getByLabel("Titulaire du compte").fill("Camille Martin");
  await page.getByRole("button", { name: /Payer/ }).click();
  await expect(page).toHaveURL(new RegExp(`/fr\\?checkout=${session.id}`));

  // Complete but unpaid: a mail says the order waits for the money; no key yet.
  const awaited = await waitForMessage(E2E.mailUrl, (m) => m.to.includes(email), { timeoutMs: 20_000 });
  expect(awaited.text).not.toMatch(/[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}/);
  expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe("unpaid");

  await signIn(page, email, "fr", "link", { fresh: true });
  const waiting = page.getByRole("region", { name: fr.orders.awaiting.title });
  await expect(waiting).toBeVisible();
  await expect(waiting).toContainText(fr.orders.awaiting.status);
  await expect(waiting).toContainText(fr.orders.awaiting.next);
  await expect(waiting).toContainText("Lumen Backup Pro");
  await expectNoAxeViolations(page);

  // Three emulated days later the bank pays: the order is delivered, its keys by mail.
  const lastId = Math.max(0, ...(await fetchMessages(E2E.mailUrl)).map((m) => Number(m.id)));
  await emulatorControl("/clock/advance", { seconds: 3 * DAY + 60 });
  const delivery = await waitForMessage(E2E.mailUrl, (m) => m.to.includes(email) && Number(m.id) > lastId, {
    timeoutMs: 20_000,
  });
  expect(delivery.subject).toMatch(/ORD-\d{4}-[A-Z0-9]{6}/);
  const keys = delivery.text.match(/[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}/g) ?? [];
  expect(new Set(keys).size).toBe(1);
  expect(keys[0]).toMatch(LICENSE_KEY_PATTERN);
  expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe("paid");

  await page.reload();
  await expect(page.getByRole("region", { name: fr.orders.awaiting.title })).toHaveCount(0);
  const orderNumber = /ORD-\d{4}-[A-Z0-9]{6}/.exec(delivery.subject)![0];
  await expect(page.getByRole("link", { name: new RegExp(orderNumber) })).toBeVisible();
});

test("in italiano: pagato con bonifico bancario, l’area ordini mostra IBAN e causale; arrivato il denaro, arrivano le chiavi", async ({
  page,
}) => {
  const stripe = shopStripe();
  const it = MESSAGES.it.orders.awaiting;
  const email = `bonifico-${Date.now()}@example.test`;
  const price = await priceOf(stripe, "backup-pro");
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    locale: "it",
    metadata: { locale: "it" },
    line_items: [{ price: price.id, quantity: 1 }],
    payment_method_options: {
      customer_balance: {
        funding_type: "bank_transfer",
        bank_transfer: { type: "eu_bank_transfer", eu_bank_transfer: { country: "DE" } },
      },
    },
    success_url: `${E2E.baseUrl}/it?checkout={CHECKOUT_SESSION_ID}`,
    cancel_url: `${E2E.baseUrl}/it`,
  });

  await page.goto(session.url!);
  await page.getByRole("radio", { name: "Bonifico bancario" }).check();
  await page.getByRole("button", { name: /Paga/ }).click();
  await expect(page).toHaveURL(new RegExp(`/it\\?checkout=${session.id}`));
  const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
  expect(paid.payment_status).toBe("unpaid");
  const instructions = (paid.payment_intent as Stripe.PaymentIntent).next_action!
    .display_bank_transfer_instructions!;
  const iban = instructions.financial_addresses![0]!.iban!.iban;
  const awaited = await waitForMessage(E2E.mailUrl, (m) => m.to.includes(email), { timeoutMs: 20_000 });
  expect(awaited.text).toContain(iban);
  expect(awaited.text).toContain(instructions.reference!);

  await signIn(page, email, "it", "code", { fresh: true });
  const waiting = page.getByRole("region", { name: it.title });
  await expect(waiting).toContainText(it.nextTransfer);
  await expect(waiting.getByRole("heading", { level: 3, name: it.transfer.title })).toBeVisible();
  await expect(waiting.getByRole("definition").filter({ hasText: iban })).toBeVisible();
  await expect(waiting.getByRole("definition").filter({ hasText: instructions.reference! })).toBeVisible();
  await expectNoAxeViolations(page);

  // The customer's bank sends the money with the reference: the order is delivered.
  const lastId = Math.max(0, ...(await fetchMessages(E2E.mailUrl)).map((m) => Number(m.id)));
  await stripe.testHelpers.customers.fundCashBalance(String(paid.customer), {
    amount: paid.amount_total!,
    currency: "eur",
    reference: instructions.reference!,
  });
  const delivery = await waitForMessage(E2E.mailUrl, (m) => m.to.includes(email) && Number(m.id) > lastId, {
    timeoutMs: 20_000,
  });
  expect(delivery.text.match(/[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}/g) ?? []).toHaveLength(1);
  await page.reload();
  await expect(page.getByRole("region", { name: it.title })).toHaveCount(0);
});
