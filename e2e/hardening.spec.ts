import { spawn, type ChildProcess } from "node:child_process";
import { request as httpRequest } from "node:http";
import { expect, test, type Locator } from "@playwright/test";
import Stripe from "stripe";
import { expectNoAxeViolations } from "./fixtures/axe";
import { newCustomer } from "./fixtures/customers";
import { expectFieldError } from "./fixtures/fields";
import { MESSAGES } from "./fixtures/messages";
import { E2E } from "./fixtures/ports";
import { signIn } from "./fixtures/sign-in";
import { shopStripe } from "./fixtures/stripe";

const en = MESSAGES.en;
const NUL = "Broken\u0000here";
const RTL_EMOJI = "המוצר לא עובד 👎🏽 لا يعمل 🙁";

/** What a forged request (or a paste) carries: set directly, past the browser's maxlength. */
async function setValue(field: Locator, value: string) {
  await field.evaluate((el, v) => ((el as HTMLTextAreaElement).value = v), value);
}

/** How many of the customer's plans are set to end, in Stripe. */
async function endingPlans(email: string): Promise<number> {
  const stripe = shopStripe();
  const { data: found } = await stripe.customers.list({ email, limit: 100 });
  let ending = 0;
  for (const c of found) {
    const { data } = await stripe.subscriptions.list({ customer: c.id });
    ending += data.filter((s) => s.cancel_at_period_end).length;
  }
  return ending;
}

test("Auth.js's own sign-in endpoints are not reachable: the same 404 for a customer and a stranger", async ({
  request,
}) => {
  expect((await request.get("/api/auth/csrf")).status()).toBe(404);
  expect((await request.get("/api/auth/providers")).status()).toBe(404);
  const answers = [];
  for (const email of ["alice@demo.test", `nobody-${Date.now()}@example.test`]) {
    const r = await request.post("/api/auth/signin/email", {
      form: { email, csrfToken: "x", callbackUrl: E2E.baseUrl },
      maxRedirects: 0,
    });
    answers.push({ status: r.status(), body: await r.text(), location: r.headers()["location"] ?? null });
  }
  expect(answers[0]).toEqual({ status: 404, body: "Not found", location: null });
  expect(answers[1]).toEqual(answers[0]);
  expect((await request.post("/api/auth/signout", { maxRedirects: 0 })).status()).toBe(404);
  // The session endpoint the pages use still answers.
  expect((await request.get("/api/auth/session")).status()).toBe(200);
});

test("oversized bodies: 413 for a form post and for the webhook, a bad signature refused unread", async ({
  request,
}) => {
  const big = "x".repeat(1024 * 1024 + 10);
  const action = await request.post("/en/sign-in", {
    headers: { "Content-Type": "text/plain;charset=UTF-8", "Next-Action": "0".repeat(42) },
    data: big,
  });
  expect(action.status()).toBe(413);

  const unsigned = await request.post("/api/webhooks/stripe", { data: big });
  expect(unsigned.status()).toBe(400);
  const now = Math.floor(Date.now() / 1000);
  const plausible = await request.post("/api/webhooks/stripe", {
    headers: { "Stripe-Signature": `t=${now},v1=${"0".repeat(64)}` },
    data: big,
  });
  expect(plausible.status()).toBe(413);
  // A small event with a wrong signature is still a 400.
  const payload = JSON.stringify({ id: "evt_forged", object: "event", type: "charge.refunded" });
  const wrong = await request.post("/api/webhooks/stripe", {
    headers: {
      "Stripe-Signature": Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_wrong" }),
    },
    data: payload,
  });
  expect(wrong.status()).toBe(400);
});

test("each free-text field: a NUL refused beside the field, 10,000 characters refused, RTL and emoji accepted", async ({
  page,
}) => {
  const { email } = await newCustomer("en", { prefix: "hostile" });
  await signIn(page, email, "en");

  // The refund reason.
  await page.getByRole("link", { name: /^ORD-/ }).first().click();
  await page.getByRole("link", { name: en.orders.refundLink }).click();
  const reasonText = page.getByLabel(en.refund.reasonTextLabel);
  const refundStep = async (value: string) => {
    await page.locator("input[name=itemIds]").first().check();
    await page.getByLabel(en.refund.reasons.other).check();
    await setValue(reasonText, value);
    await page.getByRole("button", { name: en.refund.continue }).click();
  };
  await refundStep(NUL);
  await expectFieldError(reasonText, en.refund.errors.INVALID_CHARACTERS);
  // What was typed comes back without the refused characters.
  await expect(reasonText).toHaveValue("Brokenhere");
  await refundStep("x".repeat(10_000));
  await expectFieldError(reasonText, en.refund.errors.REASON_TOO_LONG);
  await refundStep(RTL_EMOJI);
  await expect(page.getByRole("heading", { level: 1, name: en.refund.confirmTitle })).toBeVisible();

  // The lost-address message (and its other text fields).
  await page.goto("/en/account/lost-address");
  const message = page.getByLabel(en.lostAddress.messageLabel);
  const lostStep = async (value: string, amount = "49.95 EUR") => {
    await page.getByLabel(en.lostAddress.oldEmailLabel).fill("gone@example.test");
    await page.getByLabel(en.lostAddress.orderNumbersLabel).fill("ORD-2024-ABC123");
    await setValue(page.getByLabel(en.lostAddress.amountLabel), amount);
    await setValue(message, value);
    await page.getByRole("button", { name: en.lostAddress.submit }).click();
  };
  await lostStep(NUL);
  await expectFieldError(message, en.lostAddress.errors.INVALID_CHARACTERS);
  await lostStep("ok", "49\u0000 EUR");
  await expectFieldError(
    page.getByLabel(en.lostAddress.amountLabel),
    en.lostAddress.errors.INVALID_CHARACTERS,
  );
  await lostStep("x".repeat(10_000));
  await expectFieldError(message, en.lostAddress.errors.MESSAGE_TOO_LONG);
  await lostStep(RTL_EMOJI);
  await expect(page).toHaveURL(/\/en\/account\/lost-address\?notice=SENT$/);
});

test("the cancel comment: a NUL or 10,000 characters are refused before Stripe is called", async ({
  page,
}) => {
  await signIn(page, "alice@demo.test", "en");
  await page.goto("/en/subscriptions");
  const cancellable = page.getByRole("link", { name: en.subscriptions.cancelLink });
  const before = await cancellable.count();
  expect(before).toBeGreaterThan(0);
  const endingBefore = await endingPlans("alice@demo.test");
  await cancellable.first().click();
  const comment = page.getByLabel(en.subscriptions.commentLabel);
  const cancelStep = async (value: string) => {
    await page.getByLabel(en.subscriptions.reasons.unused).check();
    await setValue(comment, value);
    await page.getByRole("button", { name: en.subscriptions.confirm }).click();
  };
  await cancelStep(NUL);
  await expectFieldError(comment, en.subscriptions.errors.INVALID_CHARACTERS);
  await cancelStep("x".repeat(10_000));
  await expect(comment).toHaveAttribute("aria-invalid", "true");
  // Nothing was cancelled: the plans that could be cancelled before still can, in the portal and in Stripe.
  await page.goto("/en/subscriptions");
  await expect(cancellable).toHaveCount(before);
  expect(await endingPlans("alice@demo.test")).toBe(endingBefore);
});

test("hostile URLs answer 4xx, never 500", async ({ request }) => {
  for (const path of [
    "/en/orders/ORD%00",
    "/en/orders/%E0%A4%A",
    "/en/licenses/%00/regenerate",
    "/en/orders/%00/refund",
    "/en/faq/search?q=%00",
    "/en/%00",
  ]) {
    const r = await request.get(path, { maxRedirects: 0 });
    expect(r.status(), path).toBeLessThan(500);
  }
});

test("a server action posted from another site is refused with 403, a same-site one is not", async ({
  request,
}) => {
  const headers = { "Content-Type": "text/plain;charset=UTF-8", "Next-Action": "0".repeat(42) };
  const foreign = await request.post("/en/sign-in", {
    headers: { ...headers, Origin: "https://evil.example" },
    data: "[]",
  });
  expect(foreign.status()).toBe(403);
  // A form posted without JavaScript (multipart) from another site.
  const form = await request.post("/en/sign-in", {
    headers: { Origin: "https://evil.example" },
    multipart: { email: "alice@demo.test" },
  });
  expect(form.status()).toBe(403);
  const same = await request.post("/en/sign-in", {
    headers: { ...headers, Origin: E2E.baseUrl },
    data: "[]",
  });
  expect(same.status()).not.toBe(403);
  expect(same.status()).toBeLessThan(500);
});

/** A POST whose body is sent in chunks, without Content-Length: `chunks` of `size` bytes. */
function postChunked(path: string, chunks: number, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${E2E.baseUrl}${path}`,
      {
        method: "POST",
        headers: { "Content-Type": "text/plain;charset=UTF-8", "Next-Action": "0".repeat(42) },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", (error) => ((error as { code?: string }).code === "EPIPE" ? undefined : reject(error)));
    for (let i = 0; i < chunks; i++) req.write("x".repeat(size));
    req.end();
  });
}

test("a form body without Content-Length is refused with 411 (Length Required), large or small, never a 500", async () => {
  expect(await postChunked("/en/sign-in", 40, 64 * 1024)).toBe(411);
  expect(await postChunked("/en/sign-in", 1, 1024)).toBe(411);
});

test.describe("while the database cannot be reached", () => {
  const port = E2E.port + 2000;
  const base = `http://localhost:${port}`;
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    // The same build in production mode, its database a port where nothing listens.
    server = spawn(process.execPath, [require.resolve("next/dist/bin/next"), "start", "-p", String(port)], {
      stdio: "ignore",
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        DATABASE_URL: "postgres://postgres@127.0.0.1:1/portal",
        AUTH_SECRET: "outage-test-secret-outage-test-secret",
        AUTH_URL: base,
        STRIPE_SECRET_KEY: "sk_test_outage",
        STRIPE_WEBHOOK_SECRET: "whsec_outage",
        SMTP_URL: "smtp://127.0.0.1:1",
        MAIL_FROM: "Lumen Softworks <orders@lumen-softworks.test>",
        STAFF_EMAILS: "staff@lumen-softworks.test",
      },
    });
    await expect
      .poll(
        () =>
          fetch(`${base}/api/health`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 60_000 },
      )
      .toBe(503);
  });
  test.afterAll(() => {
    server?.kill();
  });

  test("a signed-in customer gets the translated 'try again shortly' page with 503, not sign-in", async ({
    page,
  }) => {
    await page.context().addCookies([{ name: "authjs.session-token", value: "a-session", url: base }]);
    for (const locale of ["en", "fr"] as const) {
      const response = await page.goto(`${base}/${locale}/orders`);
      expect(response!.status()).toBe(503);
      expect(response!.headers()["retry-after"]).toBe("30");
      await expect(page).toHaveURL(`${base}/${locale}/unavailable?next=%2F${locale}%2Forders`);
      await expect(
        page.getByRole("heading", { level: 1, name: MESSAGES[locale].unavailable.title }),
      ).toBeVisible();
      await expect(page.getByRole("link", { name: MESSAGES[locale].unavailable.retry })).toHaveAttribute(
        "href",
        `/${locale}/orders`,
      );
    }
    await expectNoAxeViolations(page);
  });
});
