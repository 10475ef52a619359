import "server-only";
import type { TExecutor } from "@/db/open";
import type { TMailAttachmentRef } from "@/db/schema";
import type { TMailAttachment } from "@/lib/email/deliver";
import { getDocumentForSystem } from "./queries";
import { documentPdf } from "./pdf-cache";

/**
 * A mail's invoice or credit note as the PDF attachment, rendered at send time from the frozen
 * document row (the same rendering as the download route, kept in `pdfDir` when given), named by
 * its number. `beforeRender` runs before a PDF not yet kept is rendered.
 */
export async function documentAttachment(
  db: TExecutor,
  ref: TMailAttachmentRef,
  pdfDir?: string,
  beforeRender?: () => Promise<void>,
): Promise<TMailAttachment> {
  const doc = await getDocumentForSystem(db, ref.documentId);
  if (!doc) throw new Error(`attachment: document ${ref.documentId} not found`);
  return {
    filename: `${doc.number}.pdf`,
    contentType: "application/pdf",
    content: await documentPdf(doc, pdfDir, beforeRender),
  };
}
