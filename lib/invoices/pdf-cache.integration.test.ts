import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { documentPdf } from "./pdf-cache";
import { pdfText, sampleDocument } from "@/tests/document-for-pdf";

const INVOICE = sampleDocument();

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pdf-cache-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("a document's PDF, rendered once", () => {
  it("keeps the rendered bytes and serves them again from the directory", async () => {
    const dir = newDir();
    const first = await documentPdf(INVOICE, dir);
    expect(pdfText(first)).toContain("INV-2026-000042");
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(dir, files[0]!)).equals(first)).toBe(true);

    // What is in the directory is what is served: the document is not rendered again.
    const kept = Buffer.concat([first, Buffer.from("\n% kept\n")]);
    writeFileSync(path.join(dir, files[0]!), kept);
    expect((await documentPdf(INVOICE, dir)).equals(kept)).toBe(true);
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it("renders a document whose content differs on its own, never serving another's bytes", async () => {
    const dir = newDir();
    await documentPdf(INVOICE, dir);
    const corrected = { ...INVOICE, billing: { ...INVOICE.billing, name: "Claire Martin-Dubois" } };
    const pdf = await documentPdf(corrected, dir);
    expect(pdfText(pdf)).toContain("Claire Martin-Dubois");
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it("renders every time without a directory", async () => {
    expect(pdfText(await documentPdf(INVOICE, undefined))).toContain("Claire Martin");
  });
});
