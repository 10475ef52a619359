import "server-only";
import type { TExecutor } from "@/db/open";
import type { TMailAttachmentRef } from "@/db/schema";
import type { TMailAttachment } from "@/lib/email/deliver";
import { getDocumentForSystem } from "./queries";
import { renderDocumentPdf } from "./render-pdf";

/**
 * A mail's invoice or credit note as the PDF attachment, rendered at send time from the frozen
 * document row (the same rendering as the download route), named by its number.
 */
export async function documentAttachment(db: TExecutor, ref: TMailAttachmentRef): Promise<TMailAttachment> {
  const doc = await getDocumentForSystem(db, ref.documentId);
  if (!doc) throw new Error(`attachment: document ${ref.documentId} not found`);
  return {
    filename: `${doc.number}.pdf`,
    contentType: "application/pdf",
    content: await renderDocumentPdf(doc),
  };
}
