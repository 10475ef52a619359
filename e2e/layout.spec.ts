import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./fixtures/axe";
import { LOCALES, type TLocale } from "./fixtures/messages";
import { MIN_TAP_TARGET, smallTapTargets } from "./fixtures/phone";
import { signIn } from "./fixtures/sign-in";
import { staffSignIn } from "./fixtures/staff";

// Phone first (issue 13): at 360 px no page scrolls sideways and every tap target is at least 44×44 px,
// in any language, signed out or in.
// Every page visited is also photographed at 360 and 1280 px into SCREENSHOTS, for a person to look through.
const SCREENSHOTS = path.join("screenshots");

const PHONE = { width: 360, height: 780 };
const DESKTOP = { width: 1280, height: 900 };

const PUBLIC_PATHS = [
  "",
  "/faq",
  "/faq/search?q=refund",
  "/sign-in",
  "/sign-in/check-email",
  "/sign-in/error",
  "/no-such-page",
];
const STAFF_PUBLIC_PATHS = ["/staff/sign-in", "/staff/sign-in/check-email"];
const PORTAL_ROOTS = ["/orders", "/licenses", "/subscriptions", "/account"];

/** The page's shape: order numbers and ids replaced, so that one order page stands for all of them. */
function shapeOf(p: string): string {
  return p
    .split("?")[0]!
    .split("/")
    .map((s) => (/^ORD-|\d|^[0-9a-f-]{20,}$/i.test(s) ? ":id" : s))
    .join("/");
}

/** What sticks out to the right of the viewport, for the failure message. */
async function overflow(
  page: Page,
): Promise<{ scrollWidth: number; clientWidth: number; culprits: string[] }> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    const clientWidth = document.documentElement.clientWidth;
    const culprits: string[] = [];
    // A region that scrolls inside the page hides totals without a cue: none at 360 px.
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(".table-wrap"))) {
      if (el.scrollWidth > el.clientWidth + 1) culprits.push(`.table-wrap scrolls (${el.scrollWidth})`);
    }
    if (root.scrollWidth > clientWidth) {
      // What sticks out, for the message (visually hidden parts, clipped to 1 px, stick out harmlessly).
      for (const el of Array.from(document.body.querySelectorAll("*"))) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > clientWidth + 0.5 && culprits.length < 8) {
          culprits.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
        }
      }
    }
    return { scrollWidth: root.scrollWidth, clientWidth, culprits };
  });
}

/**
 * The page at 360 px fits; screenshots at 360 and 1280 px. Axe in the dark theme at 360 px on every
 * page shape in every language; with `full` (each walk's own language) also a dark screenshot and,
 * once per shape, axe at 1280 px in both themes: every shape is judged in both themes and at both
 * widths in one language at least, and in the dark phone layout in all three (the run stays a few
 * minutes long; contrast does not depend on the words).
 */
async function check(page: Page, locale: TLocale, p: string, name: string, full = false): Promise<void> {
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize(PHONE);
  await page.goto(`/${locale}${p}`);
  await checkShown(page, locale, `${locale}${p}`, name, full, shapeOf(p));
}

/**
 * What axe has judged, by page shape, language and layout: the three customers' walks share most
 * shapes, and a shape already judged is not judged again (the walk stays a few minutes long).
 */
const judged = new Set<string>();
function firstTime(key: string): boolean {
  if (judged.has(key)) return false;
  judged.add(key);
  return true;
}

/** check() of the page the browser is on (a page reached by a redirect or a form). */
async function checkShown(
  page: Page,
  locale: TLocale,
  what: string,
  name: string,
  full: boolean,
  shape: string,
): Promise<void> {
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
  const o = await overflow(page);
  expect
    .soft(
      o.scrollWidth <= o.clientWidth && o.culprits.length === 0,
      `${what} at 360 px: scrollWidth ${o.scrollWidth} > ${o.clientWidth}\n${o.culprits.join("\n")}`,
    )
    .toBe(true);
  const small = await smallTapTargets(page);
  expect
    .soft(
      small,
      `${what} at 360 px: tap targets under ${MIN_TAP_TARGET}×${MIN_TAP_TARGET} px\n${small.join("\n")}`,
    )
    .toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${locale}-360.png`), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  if (full) {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${locale}-360-dark.png`), fullPage: true });
  }
  if (full || firstTime(`${shape} ${locale} 360`)) {
    await expectNoAxeViolations(page, `${what}, 360 px, dark`, true);
  }
  await page.setViewportSize(DESKTOP);
  const wide = full && firstTime(`${shape} 1280`);
  if (wide) await expectNoAxeViolations(page, `${what}, 1280 px, dark`, true);
  await page.emulateMedia({ colorScheme: "light" });
  // The first screen only at 1280 px (the whole page is photographed at 360 px): saves the walk time.
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${locale}-1280.png`) });
  if (wide) await expectNoAxeViolations(page, `${what}, 1280 px, light`, true);
}

function fileName(prefix: string, p: string): string {
  return `${prefix}${shapeOf(p).replace(/[/:?=]+/g, "_") || "_home"}`;
}

test.beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

test("signed-out pages fit a 360 px phone in every language", async ({ page }) => {
  test.setTimeout(420_000);
  for (const locale of LOCALES) {
    for (const p of PUBLIC_PATHS) await check(page, locale, p, fileName("public", p), locale === "en");
  }
});

/**
 * Every portal page a customer can reach by following links from the portal's sections, one of each
 * shape (an order page stands for all orders), in the customer's language and the other two.
 */
for (const [email, locale] of [
  ["alice@demo.test", "en"],
  ["bruno@demo.test", "fr"],
  ["chiara@demo.test", "it"],
] as const) {
  test(`portal pages fit a 360 px phone: ${email}`, async ({ page }) => {
    test.setTimeout(600_000);
    await signIn(page, email, locale);
    const seen = new Set<string>();
    const queue = [...PORTAL_ROOTS];
    const found: string[] = [];
    while (queue.length > 0) {
      const p = queue.shift()!;
      const shape = shapeOf(p);
      if (seen.has(shape)) continue;
      seen.add(shape);
      found.push(p);
      await page.setViewportSize(PHONE);
      await page.goto(`/${locale}${p}`);
      const hrefs = await page
        .locator("main a[href]")
        .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      for (const h of hrefs) {
        const m = new RegExp(`^/${locale}(/.*)$`).exec(h);
        if (!m || /\.\w+$|\/api\/|\/documents\//.test(m[1]!) || m[1]!.startsWith("/faq")) continue;
        if (!seen.has(shapeOf(m[1]!))) queue.push(m[1]!);
      }
    }
    // The demo data give every customer at least an order page with its refund and swap pages.
    expect(found.length).toBeGreaterThanOrEqual(PORTAL_ROOTS.length + 2);
    const who = email.split("@")[0]!;
    for (const l of [locale, ...LOCALES.filter((x) => x !== locale)]) {
      for (const p of found) await check(page, l, p, fileName(`${who}`, p), l === locale);
    }
  });
}

/**
 * The support console, as the demo's agent: sign-in pages, lookup (none found), a customer's page,
 * the review queue, in each language.
 */
test("staff pages fit a 360 px phone, axe in both themes", async ({ page }) => {
  test.setTimeout(300_000);
  for (const locale of LOCALES) {
    for (const p of STAFF_PUBLIC_PATHS) await check(page, locale, p, fileName("staff", p), locale === "fr");
  }
  await staffSignIn(page, "fr");
  for (const locale of LOCALES) {
    const full = locale === "fr";
    for (const p of ["/staff", "/staff?q=nobody@example.test", "/staff/queue"]) {
      await check(page, locale, p, fileName("staff", p.replace("?q=", "-none")), full);
    }
    // The lookup answers with a redirect to the customer's page.
    await page.setViewportSize(PHONE);
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`/${locale}/staff?q=alice%40demo.test`);
    await expect(page).toHaveURL(/\/staff\/customers\//);
    await checkShown(page, locale, `${locale} staff customer page`, "staff_customer", full, "staff customer");
  }
});

test("the vendor's icon: no 404 for /favicon.ico, and every page links it", async ({ page, request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  await page.goto("/en");
  await expect(page.locator("link[rel='icon']")).toHaveAttribute("href", /favicon\.ico/);
});
