// Starts the Stripe emulator from environment variables: `npx tsx emulators/stripe/cli.ts`.
//   STRIPE_EMULATOR_PORT (default 12111), STRIPE_EMULATOR_HOST (default 127.0.0.1),
//   STRIPE_EMULATOR_STATE (JSON state file), STRIPE_EMULATOR_PUBLIC_URL,
//   STRIPE_WEBHOOK_URL, STRIPE_WEBHOOK_SECRET,
//   STRIPE_EMULATOR_WEBHOOK_DELIVERY (stripe | ordered; default stripe), STRIPE_EMULATOR_WEBHOOK_SEED (integer; default random).
import { startStripeEmulator } from "./server";

async function main(): Promise<void> {
  const env = process.env;
  const port = env.STRIPE_EMULATOR_PORT ? Number(env.STRIPE_EMULATOR_PORT) : 12111;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`STRIPE_EMULATOR_PORT must be a port number, got "${env.STRIPE_EMULATOR_PORT}"`);
    process.exit(1);
  }
  const emulator = await startStripeEmulator({
    port,
    ...(env.STRIPE_EMULATOR_HOST ? { host: env.STRIPE_EMULATOR_HOST } : {}),
    ...(env.STRIPE_EMULATOR_STATE ? { stateFile: env.STRIPE_EMULATOR_STATE } : {}),
    ...(env.STRIPE_EMULATOR_PUBLIC_URL ? { publicUrl: env.STRIPE_EMULATOR_PUBLIC_URL } : {}),
    ...(env.STRIPE_WEBHOOK_URL ? { webhookUrl: env.STRIPE_WEBHOOK_URL } : {}),
    ...(env.STRIPE_WEBHOOK_SECRET ? { webhookSecret: env.STRIPE_WEBHOOK_SECRET } : {}),
  });
  console.log(
    `Stripe emulator listening on ${emulator.url}${env.STRIPE_WEBHOOK_URL ? `, webhooks to ${env.STRIPE_WEBHOOK_URL}` : ""} (delivery ${emulator.webhookDelivery}, seed ${emulator.webhookSeed})`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Stripe emulator: ${signal}, saving state and stopping`);
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error("Stripe emulator failed to start:", err);
  process.exit(1);
});
