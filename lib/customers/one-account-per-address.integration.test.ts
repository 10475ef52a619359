import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, licenses, orders, stripeCustomers, subscriptions } from "@/db/schema";
import { listOrders } from "@/lib/orders/queries";
import { listSubscriptions } from "@/lib/subscriptions/queries";
import { createCatalogItem, startPortalHarness, type TPortalHarness } from "@/tests/portal-harness";

let h: TPortalHarness;
let backup: { price: Stripe.Price };
let plan: { price: Stripe.Price };

beforeAll(async () => {
  h = await startPortalHarness();
  backup = await createCatalogItem(h.stripe, { slug: "backup-pro", name: "Backup Pro", amount: 4995 });
  plan = await createCatalogItem(h.stripe, {
    slug: "backup-yearly",
    name: "Backup Yearly",
    amount: 2995,
    yearly: true,
  });
});
afterAll(async () => {
  await h?.close();
});

async function checkout(
  email: string,
  params: Partial<Stripe.Checkout.SessionCreateParams>,
  price = backup.price.id,
): Promise<Stripe.Checkout.Session> {
  const session = await h.stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price, quantity: 1 }],
    success_url: "http://portal.test/thanks?session={CHECKOUT_SESSION_ID}",
    cancel_url: "http://portal.test/cancelled",
    ...params,
  });
  await h.control("POST", `/checkout/sessions/${session.id}/complete`, { card: "4242424242424242" });
  await h.flush();
  return h.stripe.checkout.sessions.retrieve(session.id);
}

describe("one portal account per address, however Stripe saw the buyer", () => {
  it("guest checkouts, a new Stripe customer per checkout and a plan all land in one account", async () => {
    const email = "Many.Faces@example.com";
    const guest = await checkout(email, {});
    expect(guest.customer).toBeNull(); // Stripe's default in payment mode: a guest
    expect(guest.customer_details?.email).toBe(email);
    const first = await checkout(email.toLowerCase(), { customer_creation: "always" });
    const second = await checkout(email, { customer_creation: "always" });
    expect(first.customer).toMatch(/^cus_/);
    expect(second.customer).toMatch(/^cus_/);
    expect(second.customer).not.toBe(first.customer); // Stripe never reuses a customer by e-mail
    const yearly = await checkout(email, { mode: "subscription" }, plan.price.id);
    expect(yearly.customer).toMatch(/^cus_/);
    expect([first.customer, second.customer]).not.toContain(yearly.customer);
    // Stripe's e-mail filter is case-sensitive: the one address is two spellings there.
    expect((await h.stripe.customers.list({ email, limit: 100 })).data).toHaveLength(2);
    expect((await h.stripe.customers.list({ email: email.toLowerCase(), limit: 100 })).data).toHaveLength(1);

    const accounts = await h.t.db.select().from(customers).where(eq(customers.email, email.toLowerCase()));
    expect(accounts).toHaveLength(1);
    const account = accounts[0]!;
    const mapped = await h.t.db
      .select()
      .from(stripeCustomers)
      .where(eq(stripeCustomers.customerId, account.id));
    expect(mapped.map((m) => m.stripeCustomerId).sort()).toEqual(
      [first.customer, second.customer, yearly.customer].map(String).sort(),
    );
    const theirs = await h.t.db.select().from(orders).where(eq(orders.customerId, account.id));
    expect(theirs.map((o) => o.stripeCheckoutSessionId).sort()).toEqual(
      [guest.id, first.id, second.id, yearly.id].sort(),
    );
    expect(theirs.find((o) => o.stripeCheckoutSessionId === guest.id)!.stripeCustomerId).toBeNull();
    expect(await h.t.db.select().from(licenses).where(eq(licenses.customerId, account.id))).toHaveLength(4);
    expect(await listOrders(h.t.db, account.id, "en")).toHaveLength(4);
    const plans = await listSubscriptions(h.t.db, account.id, "en");
    expect(plans).toHaveLength(1);
    const [row] = await h.t.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.stripeSubscriptionId, String(yearly.subscription)));
    expect(row!.customerId).toBe(account.id);
  });
});
