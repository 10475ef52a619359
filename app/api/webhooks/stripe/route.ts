import {
  declaresMoreThan,
  MAX_WEBHOOK_BODY_BYTES,
  payloadTooLarge,
  readTextWithin,
} from "@/lib/http/body-limit";
import { handleStripeWebhook } from "@/lib/stripe/app-webhook";
import { isPlausibleStripeSignature } from "@/lib/stripe/signature-header";
import { SIGNATURE_TOLERANCE_SECONDS } from "@/lib/stripe/webhook";

export const dynamic = "force-dynamic";

// The signature header is looked at before the body is read, and the body is never read past the
// limit. The raw body then: the signature is computed over these exact bytes.
export async function POST(request: Request) {
  const signature = request.headers.get("stripe-signature");
  if (!isPlausibleStripeSignature(signature, Date.now() / 1000, SIGNATURE_TOLERANCE_SECONDS)) {
    return Response.json({ error: "invalid signature" }, { status: 400 });
  }
  if (declaresMoreThan(request.headers, MAX_WEBHOOK_BODY_BYTES)) return payloadTooLarge();
  const body = await readTextWithin(request, MAX_WEBHOOK_BODY_BYTES);
  if (body === undefined) return payloadTooLarge();
  return handleStripeWebhook(body, signature);
}
