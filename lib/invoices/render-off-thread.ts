import "server-only";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { TDocumentForPdf } from "./render-pdf";
import type { TRenderAnswer, TRenderRequest } from "./render-thread";

/** How long the rendering thread stays after its last document before it ends. */
const IDLE_MS = 30_000;
/**
 * A render that has not answered in this long is taken as stuck: it fails (the mail is retried
 * like an SMTP failure, the download answers an error) and the thread is ended, the documents
 * queued behind it failing with it. A render takes about 100 ms, a cold start a few hundred.
 */
export const RENDER_TIMEOUT_MS = 60_000;

type TThread = {
  worker: Worker;
  pending: Map<number, { resolve: (pdf: Buffer) => void; reject: (error: Error) => void }>;
  idle: NodeJS.Timeout | undefined;
};
let thread: TThread | undefined;
let nextId = 0;

function startThread(): TThread {
  // In Next's server (`next build` defines NEXT_RUNTIME), the bundler compiles the thread's entry
  // and points this URL at its chunk. Run from source (vitest, tsx scripts), the thread loads the
  // TypeScript through tsx, as they do.
  const worker =
    process.env.NEXT_RUNTIME === "nodejs"
      ? new Worker(new URL("./render-thread.ts", import.meta.url))
      : new Worker(
          `require("tsx/cjs"); require(${JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), "render-thread.ts"))});`,
          { eval: true },
        );
  const t: TThread = { worker, pending: new Map(), idle: undefined };
  const failAll = (error: Error) => {
    for (const p of t.pending.values()) p.reject(error);
    t.pending.clear();
    if (thread === t) thread = undefined;
  };
  worker.on("message", (answer: TRenderAnswer) => {
    const p = t.pending.get(answer.id);
    if (!p) return;
    t.pending.delete(answer.id);
    if ("error" in answer) p.reject(new Error(`rendering a document failed: ${answer.error}`));
    else p.resolve(Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength));
    if (t.pending.size === 0) idle(t);
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the rendering thread ended (exit code ${code})`)));
  return t;
}

/** No document under way: the thread no longer keeps the process alive, and ends after IDLE_MS. */
function idle(t: TThread): void {
  t.worker.unref();
  clearTimeout(t.idle);
  t.idle = setTimeout(() => {
    if (thread === t && t.pending.size === 0) {
      thread = undefined;
      void t.worker.terminate();
    }
  }, IDLE_MS);
  t.idle.unref();
}

/** Whether the rendering thread is running (for tests). */
export function renderThreadRunning(): boolean {
  return thread !== undefined;
}

/**
 * The document as a PDF, rendered on a thread of its own (render-thread.ts) rather than in the
 * server's event loop: rendering holds a thread for about 100 ms, and its libraries (PDFKit, the
 * Factur-X builder with its spreadsheet and JSONPath dependencies) take about 65 MB that the
 * process keeps once loaded. The thread is started on demand and ends after IDLE_MS without a
 * document, giving that memory back.
 */
export function renderDocumentPdfOffThread(
  doc: TDocumentForPdf,
  timeoutMs = RENDER_TIMEOUT_MS,
): Promise<Buffer> {
  thread ??= startThread();
  const t = thread;
  clearTimeout(t.idle);
  t.worker.ref();
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (!t.pending.has(id)) return;
      t.pending.delete(id);
      reject(new Error(`rendering document ${doc.number} took longer than ${timeoutMs} ms`));
      if (thread === t) thread = undefined;
      void t.worker.terminate();
    }, timeoutMs);
    timer.unref();
    const done =
      <T>(settle: (value: T) => void) =>
      (value: T) => {
        clearTimeout(timer);
        settle(value);
      };
    t.pending.set(id, { resolve: done(resolve), reject: done(reject) });
    t.worker.postMessage({ id, doc } satisfies TRenderRequest);
  });
}
