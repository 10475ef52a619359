import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { extractLinks, waitForMessage } from "../emulators/mail/client";
import { newCustomer } from "./fixtures/customers";
import { E2E } from "./fixtures/ports";
import { signIn } from "./fixtures/sign-in";

test("the invoice the portal serves is a Factur-X: its XML names the same invoice", async ({ page }) => {
  const { email } = await newCustomer("it", { prefix: "facturx" });
  const delivery = await waitForMessage(E2E.mailUrl, (m) => m.to.includes(email), { timeoutMs: 20_000 });
  const link = extractLinks(delivery.text).find((l) => l.includes("/it/documents/"));
  expect(link).toBeDefined();
  await signIn(page, email, "it");

  const res = await page.request.get(link!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("application/pdf");
  const number = /filename="([^"]+)\.pdf"/.exec(res.headers()["content-disposition"] ?? "")?.[1];
  expect(number).toMatch(/^INV-\d{4}-\d{6}$/);

  const dir = mkdtempSync(path.join(tmpdir(), "e2e-factur-x-"));
  writeFileSync(path.join(dir, "invoice.pdf"), await res.body());
  execFileSync("pdfdetach", ["-saveall", "-o", dir, path.join(dir, "invoice.pdf")]);
  const xml = readFileSync(path.join(dir, "factur-x.xml"), "utf8");
  expect(xml).toContain(`<ram:ID>${number}</ram:ID>`);
  expect(xml).toContain("<ram:TypeCode>380</ram:TypeCode>");
  expect(xml).toContain("urn:cen.eu:en16931:2017");
});
