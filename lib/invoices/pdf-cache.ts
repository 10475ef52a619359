import "server-only";
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { renderDocumentPdfOffThread } from "./render-off-thread";
import type { TDocumentForPdf } from "./render-pdf";

/** Where the portal keeps the rendered PDFs: beside its other data (DATA_DIR). */
export const documentPdfDir = (): string => path.join(env().dataDir, "documents");

/** Bump when the PDF layout or the Factur-X XML changes: documents rendered before are rendered anew. */
const RENDERING = "1";

/**
 * The key of a document's PDF: a hash of everything the rendering reads. An issued document never
 * changes, so its key stays the same and its bytes are rendered once; if a row ever changed, its key
 * would too, and a stale PDF could not be served.
 */
export function documentPdfKey(d: TDocumentForPdf): string {
  return createHash("sha256").update(RENDERING).update("\0").update(JSON.stringify(d)).digest("hex");
}

/**
 * The document's PDF, rendered once (PDF layout plus Factur-X XML: about 100 ms of CPU, on the
 * rendering thread, render-off-thread.ts) and then read back from `dir` on every download and mail.
 * Without a directory it renders each time. `beforeRender` runs only when it must render (the mail
 * worker waits there for the requests under way to finish).
 */
export async function documentPdf(
  d: TDocumentForPdf,
  dir: string | undefined,
  beforeRender?: () => Promise<void>,
): Promise<Buffer> {
  if (!dir) {
    await beforeRender?.();
    return renderDocumentPdfOffThread(d);
  }
  const file = path.join(dir, `${documentPdfKey(d)}.pdf`);
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await beforeRender?.();
  const pdf = await renderDocumentPdfOffThread(d);
  // Written aside then renamed: a concurrent reader sees the whole file or none.
  await mkdir(dir, { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, pdf);
  await rename(temporary, file);
  return pdf;
}
