import { handleStripeWebhook } from "@/lib/stripe/app-webhook";

export const dynamic = "force-dynamic";

// The raw body: the signature is computed over these exact bytes.
export async function POST(request: Request) {
  return handleStripeWebhook(await request.text(), request.headers.get("stripe-signature"));
}
