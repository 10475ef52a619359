import { afterEach, expect, it, vi } from "vitest";
import { pdfText, sampleDocument } from "@/tests/document-for-pdf";
import { renderDocumentPdfOffThread, renderThreadRunning } from "./render-off-thread";
import type { TDocumentForPdf } from "./render-pdf";

afterEach(() => vi.useRealTimers());

/** An invoice with its own number, in its own language (the rest as the sample's). */
const invoice = (number: string, locale: TDocumentForPdf["locale"]) =>
  sampleDocument({ number, locale, orderNumber: `LS-${number.slice(-4)}` });

it("renders documents on its thread, each answer to its own document, several at once", async () => {
  const docs = [
    invoice("INV-2026-000101", "en"),
    invoice("INV-2026-000102", "fr"),
    invoice("INV-2026-000103", "it"),
  ];
  const pdfs = await Promise.all(docs.map((d) => renderDocumentPdfOffThread(d)));
  expect(renderThreadRunning()).toBe(true);
  const texts = pdfs.map((pdf) => pdfText(pdf));
  expect(texts[0]).toContain("INV-2026-000101");
  expect(texts[0]).toContain("Invoice");
  expect(texts[1]).toContain("INV-2026-000102");
  expect(texts[1]).toContain("Facture");
  expect(texts[2]).toContain("INV-2026-000103");
  expect(texts[2]).toContain("Fattura");
  for (const [i, text] of texts.entries())
    for (const [j, d] of docs.entries()) if (i !== j) expect(text).not.toContain(d.number);
});

it("rejects a document that fails to render with the thread's error, and renders the next one", async () => {
  const broken = { ...invoice("INV-2026-000104", "en"), lines: null } as unknown as TDocumentForPdf;
  await expect(renderDocumentPdfOffThread(broken)).rejects.toThrow(
    /rendering a document failed: .*TypeError/s,
  );
  const pdf = await renderDocumentPdfOffThread(invoice("INV-2026-000105", "en"));
  expect(pdfText(pdf)).toContain("INV-2026-000105");
});

it("ends the thread 30 s after its last document, and starts it again for the next", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  await renderDocumentPdfOffThread(invoice("INV-2026-000106", "en"));
  expect(renderThreadRunning()).toBe(true);
  vi.advanceTimersByTime(29_000);
  expect(renderThreadRunning()).toBe(true);
  vi.advanceTimersByTime(1_000);
  expect(renderThreadRunning()).toBe(false);
  vi.useRealTimers();
  const pdf = await renderDocumentPdfOffThread(invoice("INV-2026-000107", "it"));
  expect(renderThreadRunning()).toBe(true);
  expect(pdfText(pdf)).toContain("INV-2026-000107");
});

it("fails a render that does not answer in time, ends the stuck thread, and renders the next one", async () => {
  await expect(renderDocumentPdfOffThread(invoice("INV-2026-000108", "en"), 1)).rejects.toThrow(
    "rendering document INV-2026-000108 took longer than 1 ms",
  );
  expect(renderThreadRunning()).toBe(false);
  const pdf = await renderDocumentPdfOffThread(invoice("INV-2026-000109", "fr"));
  expect(pdfText(pdf)).toContain("INV-2026-000109");
});
