/** Runs the mail sink: `npx tsx emulators/mail/cli.ts` (env MAIL_SINK_SMTP_PORT, MAIL_SINK_HTTP_PORT, MAIL_SINK_HOST). */
import { startMailSink } from "./server";

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port > 65_535) {
    console.error(`${name} must be a port number 0–65535, got "${raw}"`);
    process.exit(1);
  }
  return port;
}

async function main(): Promise<void> {
  const sink = await startMailSink({
    smtpPort: portFromEnv("MAIL_SINK_SMTP_PORT", 1025),
    httpPort: portFromEnv("MAIL_SINK_HTTP_PORT", 8025),
    host: process.env.MAIL_SINK_HOST || "127.0.0.1",
  });
  const smtpHost = sink.url.replace(/^http:\/\//, "").replace(/:\d+$/, "");
  console.log(`Mail sink SMTP:    smtp://${smtpHost}:${sink.smtpPort}`);
  console.log(`Mail sink mailbox: ${sink.url}/`);
  console.log(`Mail sink API:     ${sink.url}/api/messages`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    sink.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Mail sink did not close cleanly after ${signal}:`, error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  const code = error && typeof error === "object" && "code" in error ? String(error.code) : "";
  console.error(
    code === "EADDRINUSE" ? `Mail sink cannot start: ${String(error)} (port already in use)` : error,
  );
  process.exit(1);
});
