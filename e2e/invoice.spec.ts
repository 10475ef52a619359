import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { fetchAttachment, waitForMessage } from "../emulators/mail/client";
import { expectNoAxeViolations } from "./fixtures/axe";
import { newCustomer } from "./fixtures/customers";
import { MESSAGES } from "./fixtures/messages";
import { E2E } from "./fixtures/ports";
import { signIn } from "./fixtures/sign-in";

const dir = mkdtempSync(path.join(tmpdir(), "e2e-invoice-"));
const pdfText = (file: string) => execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });

/** Clicks a document link and reads the downloaded PDF back as text. */
async function download(page: Page, name: RegExp): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  const target = path.join(dir, file.suggestedFilename());
  await file.saveAs(target);
  return pdfText(target);
}

test("in Italian: download the invoice, add a company and VAT ID, download the corrected invoice; the mails carry the documents", async ({
  page,
}) => {
  const it = MESSAGES.it;
  const { email } = await newCustomer("it", { prefix: "fattura" });
  // The delivery mail carries the invoice as a PDF.
  const delivery = await waitForMessage(
    E2E.mailUrl,
    (m) => m.to.includes(email) && (m.attachments?.length ?? 0) > 0,
    {
      timeoutMs: 20_000,
    },
  );
  const invoiceFile = delivery.attachments![0]!.filename;
  const invoiceNumber = invoiceFile.replace(/\.pdf$/, "");
  expect(invoiceNumber).toMatch(/^INV-\d{4}-\d{6}$/);
  const orderNumber = delivery.subject.match(/ORD-\d{4}-[A-Z0-9]{6}/)![0];

  await signIn(page, email, "it", "link", { fresh: true });
  await page.goto(`/it/orders/${orderNumber}`);
  const original = await download(page, new RegExp(`${it.document.invoice} ${invoiceNumber}`));
  expect(original).toContain(`Fattura ${invoiceNumber}`);
  expect(original).toContain(email);

  // The correction form is a page of its own, beside the order.
  await page.getByRole("link", { name: it.billingDetails.open }).click();
  await expect(page).toHaveURL(new RegExp(`/it/orders/${orderNumber}/billing$`));
  await expect(page.getByRole("heading", { level: 1, name: it.billingDetails.title })).toBeVisible();
  await expectNoAxeViolations(page);
  // A VAT ID with a wrong check digit: the message beside the field, what was typed kept.
  await page.getByLabel(it.billingDetails.companyName).fill("Rossi Impianti S.r.l.");
  await page.getByLabel(it.billingDetails.address).fill("Via Roma 1\n20121 Milano");
  await page.getByLabel(it.billingDetails.country).selectOption("IT");
  await page.getByLabel(it.billingDetails.vatId).fill("IT00743110158");
  await page.getByRole("button", { name: it.billingDetails.submit }).click();
  await expect(page.getByText(it.billingDetails.errors.VAT_ID_INVALID)).toBeVisible();
  await expect(page.getByLabel(it.billingDetails.companyName)).toHaveValue("Rossi Impianti S.r.l.");
  await expect(page.getByLabel(it.billingDetails.country)).toHaveValue("IT");

  await page.getByLabel(it.billingDetails.vatId).fill("IT00743110157");
  await page.getByRole("button", { name: it.billingDetails.submit }).click();
  // Back on the order page, with the documents.
  await expect(page.getByText(it.billingDetails.notices.CORRECTED)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/it/orders/${orderNumber}\\?`));
  // The VAT ID with Stripe's verification beside it, and what it means for the VAT in one line
  // (this order was charged no VAT: nothing to give back).
  await expect(page.getByText(it.vatBack.statuses.pending)).toBeVisible();
  await expect(page.getByText(it.vatBack.reasons.NO_VAT)).toBeVisible();

  const corrected = await download(page, new RegExp(`${it.document.corrected_invoice} INV-`));
  expect(corrected).toContain("Rossi Impianti S.r.l.");
  expect(corrected).toContain("IT00743110157");
  expect(corrected).toContain(invoiceNumber);
  // The original is still there.
  await expect(
    page.getByRole("link", { name: new RegExp(`${it.document.invoice} ${invoiceNumber}`) }),
  ).toBeVisible();

  // The correction's mail carries the credit note and the corrected invoice.
  const mail = await waitForMessage(
    E2E.mailUrl,
    (m) => m.to.includes(email) && (m.attachments?.length ?? 0) === 2,
    {
      timeoutMs: 20_000,
    },
  );
  expect(mail.attachments!.map((a) => a.filename)).toEqual([
    expect.stringMatching(/^CN-\d{4}-\d{6}\.pdf$/),
    expect.stringMatching(/^INV-\d{4}-\d{6}\.pdf$/),
  ]);
  const attached = path.join(dir, "mailed.pdf");
  writeFileSync(attached, await fetchAttachment(E2E.mailUrl, mail.id, 1));
  expect(pdfText(attached)).toContain("IT00743110157");
});
