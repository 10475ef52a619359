import { getDb } from "@/db/client";
import { getSessionCustomer } from "@/lib/auth/session";
import { getDocument } from "@/lib/invoices/queries";
import { documentPdf, documentPdfDir } from "@/lib/invoices/pdf-cache";

type TContext = { params: Promise<{ locale: string; documentId: string }> };

/**
 * An invoice or credit note as PDF. Authorized in the data layer: another
 * customer's document is a 404, exactly like a missing one; no session, 404 too
 * (the link lives on pages that already asked the customer to sign in).
 */
export async function GET(_request: Request, { params }: TContext): Promise<Response> {
  const { documentId } = await params;
  const customer = await getSessionCustomer();
  const doc = customer ? await getDocument(await getDb(), customer.id, documentId) : null;
  if (!doc) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });
  const pdf = await documentPdf(doc, documentPdfDir());
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${doc.number}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
