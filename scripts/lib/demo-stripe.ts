// The Stripe emulator for the demo and the e2e tests (issue 3 adds the demo data seed).
import { startStripeEmulator } from "../../emulators/stripe/server";

export async function startDemoStripe(opts: {
  port: number;
  stateFile: string;
  webhookUrl: string;
  webhookSecret: string;
}): Promise<{ url: string; close(): Promise<void> }> {
  return startStripeEmulator(opts);
}
