// The entry of the rendering thread (lib/invoices/render-off-thread.ts): renders each document it
// is sent and answers with its PDF's bytes, or with the error. Nothing else runs here.
import { parentPort } from "node:worker_threads";
import { renderDocumentPdf, type TDocumentForPdf } from "./render-pdf";

export type TRenderRequest = { id: number; doc: TDocumentForPdf };
export type TRenderAnswer = { id: number; pdf: Uint8Array } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error("render-thread.ts runs as a worker thread (render-off-thread.ts)");
port.on("message", ({ id, doc }: TRenderRequest) => {
  renderDocumentPdf(doc).then(
    (pdf) => {
      const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      port.postMessage({ id, pdf: bytes } satisfies TRenderAnswer);
    },
    (error: unknown) =>
      port.postMessage({
        id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies TRenderAnswer),
  );
});
