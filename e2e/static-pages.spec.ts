import { createHash } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { LOCALES, MESSAGES } from "./fixtures/messages";
import { signIn } from "./fixtures/sign-in";

// Home and FAQ are rendered once per locale and served from the page cache with a hash-based CSP
// (issue 17); every other page keeps its per-request nonce. Scripts must run under both.

/** Records CSP violations from the start of every page (Playwright's init scripts are not subject to CSP). */
async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => w.cspViolations.push(e.violatedDirective));
  });
}

/**
 * Next's inline scripts ran (they create `self.__next_f`, which the app then drains) and its chunks
 * started the app (`window.next`); the browser reported no CSP violation. With a policy missing
 * the hashes, Chromium reports three `script-src-elem` violations here and neither global exists.
 */
async function expectScriptsRan(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const w = window as unknown as { __next_f?: unknown[]; next?: unknown };
        return Array.isArray(w.__next_f) && w.next !== undefined;
      }),
    )
    .toBe(true);
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual(
    [],
  );
}

function sha256(s: string): string {
  return `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;
}

for (const path of ["", "/faq"]) {
  test(`${path || "home"}: served from the page cache with its inline scripts' hashes, no nonce`, async ({
    page,
    request,
  }) => {
    await watchCsp(page);
    for (const locale of LOCALES) {
      const url = `/${locale}${path}`;
      await request.get(url); // the first request renders and caches it
      const res = await request.get(url);
      expect(res.status()).toBe(200);
      const csp = res.headers()["content-security-policy"]!;
      expect(csp).not.toContain("nonce-");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      const html = await res.text();
      const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter(
        (m) => !/\bsrc=/.test(m[1]!),
      );
      expect(inline.length).toBeGreaterThan(0);
      for (const m of inline) expect(csp).toContain(sha256(m[2]!));

      const shown = await page.goto(url);
      expect(shown?.headers()["content-security-policy"]).toBe(csp);
      await expectScriptsRan(page);
    }
  });
}

test("a stranger's cached page carries the headers every page does, next-intl's alternate links and locale cookie", async ({
  request,
  baseURL,
}) => {
  await request.get("/fr/faq", { headers: { "Sec-Fetch-Dest": "empty" } }); // rendered and cached
  const res = await request.get("/fr/faq", { headers: { "Sec-Fetch-Dest": "document" } });
  expect(res.headers()["x-nextjs-cache"]).toBe("HIT");
  expect(res.headers()).toMatchObject({
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
  });
  expect(res.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const origin = new URL(baseURL!).origin;
  expect(res.headers()["link"]).toBe(
    [
      `<${origin}/en/faq>; rel="alternate"; hreflang="en"`,
      `<${origin}/fr/faq>; rel="alternate"; hreflang="fr"`,
      `<${origin}/it/faq>; rel="alternate"; hreflang="it"`,
      `<${origin}/faq>; rel="alternate"; hreflang="x-default"`,
    ].join(", "),
  );
  expect(res.headers()["set-cookie"]).toBe("NEXT_LOCALE=fr; Path=/; SameSite=lax");
  // The language last chosen is the one `/` goes to, whatever the browser prefers.
  const root = await request.get("/", { headers: { "Accept-Language": "it" }, maxRedirects: 0 });
  expect(root.headers()["location"]).toBe("/fr");
  // Already the page's language, or a background request: the cookie is left alone.
  const again = await request.get("/fr/faq", { headers: { "Sec-Fetch-Dest": "document" } });
  expect(again.headers()["set-cookie"]).toBeUndefined();
  const background = await request.get("/it/faq", { headers: { "Sec-Fetch-Dest": "empty" } });
  expect(background.headers()["set-cookie"]).toBeUndefined();
  // Behind a proxy, the links name the public origin.
  const forwarded = await request.get("/it", {
    headers: { "X-Forwarded-Host": "shop.example", "X-Forwarded-Proto": "https" },
  });
  expect(forwarded.headers()["link"]).toContain('<https://shop.example/it>; rel="alternate"; hreflang="it"');
});

test("a stranger's cached page goes gzipped (kept once, lib/http/precompressed-pages), the very page sent uncompressed", async ({
  request,
}) => {
  await request.get("/it/faq"); // rendered and cached
  const gzip = { "Accept-Encoding": "gzip, deflate, br" };
  const gzipped = await request.get("/it/faq", { headers: gzip });
  const again = await request.get("/it/faq", { headers: gzip });
  const plain = await request.get("/it/faq", { headers: { "Accept-Encoding": "identity" } });
  expect(gzipped.headers()["x-nextjs-cache"]).toBe("HIT");
  expect(gzipped.headers()["content-encoding"]).toBe("gzip");
  expect(gzipped.headers()["vary"]).toContain("Accept-Encoding");
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  const html = await plain.text();
  expect(html).toContain(MESSAGES.it.faq.title);
  expect(await gzipped.text()).toBe(html);
  expect(await again.text()).toBe(html);
  // Its ETag is computed once per version of the page (Next's own, per request, is off).
  expect(plain.headers()["etag"]).toMatch(/^"[0-9a-z]+-[\w-]+"$/);
  for (const name of ["etag", "content-security-policy", "cache-control", "content-type"])
    expect(gzipped.headers()[name]).toBe(plain.headers()[name]);
  const notModified = await request.get("/it/faq", {
    headers: { ...gzip, "If-None-Match": plain.headers()["etag"]! },
  });
  expect(notModified.status()).toBe(304);
  const head = await request.head("/it/faq", { headers: gzip });
  expect(head.status()).toBe(200);
  expect(head.headers()["content-encoding"]).toBeUndefined();
});

test("a signed-in customer gets the FAQ rendered for them (their own header, a nonce), and the portal keeps its nonce", async ({
  page,
  baseURL,
}) => {
  await watchCsp(page);
  await signIn(page, "alice@demo.test", "en");
  const faq = await page.goto("/en/faq");
  // With a session the cached page (hash-based policy, signed-out header) is not served: the proxy
  // renders the FAQ's signed-in twin per request (lib/http/signed-in-twin.ts).
  expect(faq?.headers()["content-security-policy"]).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
  // Its alternate links name the page asked for, not the twin's internal path.
  const origin = new URL(baseURL!).origin;
  expect(faq?.headers()["link"]).toBe(
    [
      `<${origin}/en/faq>; rel="alternate"; hreflang="en"`,
      `<${origin}/fr/faq>; rel="alternate"; hreflang="fr"`,
      `<${origin}/it/faq>; rel="alternate"; hreflang="it"`,
      `<${origin}/faq>; rel="alternate"; hreflang="x-default"`,
    ].join(", "),
  );
  await expect(page.getByRole("heading", { level: 1, name: MESSAGES.en.faq.title })).toBeVisible();
  await expectScriptsRan(page);
  // Client-side navigation from the FAQ into the portal, then a fresh load there.
  await page.getByRole("banner").getByRole("link", { name: MESSAGES.en.nav.orders }).click();
  await expect(page.getByRole("heading", { level: 1, name: MESSAGES.en.orders.title })).toBeVisible();
  const orders = await page.reload();
  expect(orders?.headers()["content-security-policy"]).toMatch(/'nonce-[^']+' 'strict-dynamic'/);
  await expectScriptsRan(page);
});

test("the FAQ search is a page of its own, with a nonce", async ({ page, baseURL }) => {
  await watchCsp(page);
  const res = await page.goto("/en/faq/search?q=refund");
  expect(res?.headers()["content-security-policy"]).toMatch(/'nonce-[^']+'/);
  // A page rendered per request has its alternate links too (the path, not the search).
  const origin = new URL(baseURL!).origin;
  expect(res?.headers()["link"]).toBe(
    [
      `<${origin}/en/faq/search>; rel="alternate"; hreflang="en"`,
      `<${origin}/fr/faq/search>; rel="alternate"; hreflang="fr"`,
      `<${origin}/it/faq/search>; rel="alternate"; hreflang="it"`,
      `<${origin}/faq/search>; rel="alternate"; hreflang="x-default"`,
    ].join(", "),
  );
  await expect(page.getByRole("status")).toBeVisible();
  await expectScriptsRan(page);
});

test("once Next has answered a cached page from its cache, a stranger's GET gets that answer kept whole (the same page and headers, with its length)", async ({
  request,
}) => {
  const gzip = { "Accept-Encoding": "gzip, deflate, br" };
  await request.get("/fr", { headers: gzip }); // rendered and cached
  await request.get("/fr", { headers: gzip }); // answered by Next from its cache, and kept whole
  // With a query it goes to Next, which answers from its cache through its compression (chunked).
  const byNext = await request.get("/fr?via=next", { headers: gzip });
  const kept = await request.get("/fr", { headers: gzip });
  expect(byNext.headers()["transfer-encoding"]).toBe("chunked");
  expect(kept.headers()["transfer-encoding"]).toBeUndefined();
  expect(kept.headers()["content-length"]).toMatch(/^\d+$/);
  const lasting = (h: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(h).filter(
        ([k]) =>
          ![
            "date",
            "x-request-id",
            "content-length",
            "transfer-encoding",
            "connection",
            "keep-alive",
          ].includes(k),
      ),
    );
  expect(lasting(kept.headers())).toEqual(lasting(byNext.headers()));
  expect(kept.headers()["x-request-id"]).not.toBe(byNext.headers()["x-request-id"]);
  expect(await kept.text()).toBe(await byNext.text());
  // A client that has the page: 304, with its ETag, no body headers.
  const notModified = await request.get("/fr", {
    headers: { ...gzip, "If-None-Match": kept.headers()["etag"]! },
  });
  expect(notModified.status()).toBe(304);
  expect(notModified.headers()["etag"]).toBe(kept.headers()["etag"]);
  expect(notModified.headers()["content-type"]).toBeUndefined();
  // The browser's router asks for the same path's RSC payload: Next answers it.
  const rsc = await request.get("/fr", { headers: { ...gzip, RSC: "1" } });
  expect(rsc.headers()["content-type"]).toContain("text/x-component");
});
