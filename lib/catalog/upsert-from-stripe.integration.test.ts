import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prices, products } from "@/db/schema";
import { openDatabase, type TDatabaseHandle } from "@/db/open";
import { createTestDatabase, type TTestDatabase } from "@/tests/test-database";
import { resolveCatalogIds, upsertProductFromStripe, type TStripeProductInput } from "./upsert-from-stripe";

let t: TTestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.dispose());

const product = (n: number, slug = `race-${n}`): TStripeProductInput => ({
  id: `prod_race_${n}`,
  name: `Race ${n}`,
  active: true,
  metadata: { slug, family: "race", kind: "one_time", name_fr: `Course ${n}` },
});
const price = (n: number) => ({
  id: `price_race_${n}`,
  currency: "EUR",
  unitAmount: 4995,
  interval: null,
  active: true,
});

describe("the catalog follows Stripe", () => {
  // Stripe delivers the first purchases of a new product at the same moment (the webhook bench
  // posts 16 at a time): each records the product in its own transaction. A conflict on the slug
  // (the other unique column) failed one of them with a 500 before (`products_slug_unique`).
  it("first purchases of a new product at the same moment each get its one row", async (ctx) => {
    // Only a server has concurrent transactions (PGlite runs one at a time): 16 connections, as
    // many as the purchases that arrive together.
    if (!t.url) return ctx.skip();
    const wide: TDatabaseHandle = await openDatabase({ databaseUrl: t.url, max: 16 });
    try {
      for (let n = 0; n < 20; n++) {
        const ids = await Promise.all(
          Array.from({ length: 16 }, () =>
            wide.db.transaction((tx) => resolveCatalogIds(tx, product(n), price(n))),
          ),
        );
        const rows = await t.db
          .select()
          .from(products)
          .where(eq(products.stripeProductId, `prod_race_${n}`));
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          slug: `race-${n}`,
          name: `Race ${n}`,
          localizedNames: { fr: `Course ${n}` },
        });
        const priceRows = await t.db
          .select()
          .from(prices)
          .where(eq(prices.stripePriceId, `price_race_${n}`));
        expect(priceRows).toHaveLength(1);
        expect(new Set(ids.map((i) => `${i.productId}/${i.priceId}`))).toEqual(
          new Set([`${rows[0]!.id}/${priceRows[0]!.id}`]),
        );
      }
    } finally {
      await wide.close();
    }
  });

  it("a product seen again takes Stripe's name, links and state", async () => {
    const id = await upsertProductFromStripe(t.db, product(100), false);
    const renamed = { ...product(100), name: "Race, renamed", active: false };
    expect(await upsertProductFromStripe(t.db, renamed, false)).toBe(id);
    const [row] = await t.db.select().from(products).where(eq(products.id, id));
    expect(row).toMatchObject({ name: "Race, renamed", active: false, slug: "race-100" });
  });

  it("refuses a product whose slug another Stripe product has, and changes nothing", async () => {
    const id = await upsertProductFromStripe(t.db, product(200, "taken"), false);
    await expect(upsertProductFromStripe(t.db, product(201, "taken"), false)).rejects.toThrow(/taken/);
    const rows = await t.db.select().from(products).where(eq(products.slug, "taken"));
    expect(rows.map((r) => [r.id, r.stripeProductId])).toEqual([[id, "prod_race_200"]]);
  });
});
