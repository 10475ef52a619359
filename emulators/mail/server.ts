import { createServer, type Server } from "node:http";
import { createRequestHandler } from "./http";
import { listenSmtp, type TSmtpListener } from "./smtp";
import { createMessageStore } from "./store";
import type { TMailSink, TMailSinkOptions } from "./types";

export type { TMailPreview, TMailSink, TMailSinkOptions, TSinkMessage } from "./types";

function listenHttp(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

function checkPort(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new RangeError(`${name} must be a port number 0–65535, got ${value}`);
  return value;
}

/** Starts the SMTP mail sink and its web mailbox / JSON API. */
export async function startMailSink(opts: TMailSinkOptions = {}): Promise<TMailSink> {
  const host = opts.host ?? "127.0.0.1";
  const maxMessages = opts.maxMessages ?? 1000;
  if (!Number.isInteger(maxMessages) || maxMessages < 1)
    throw new RangeError(`maxMessages must be a positive integer, got ${maxMessages}`);
  const store = createMessageStore(maxMessages);

  let smtp: TSmtpListener | undefined = await listenSmtp(
    store,
    checkPort("smtpPort", opts.smtpPort ?? 1025),
    host,
  );
  const smtpPort = smtp.port;

  const http = createServer(createRequestHandler(store, opts.previews));
  let httpPort: number;
  try {
    httpPort = await listenHttp(http, checkPort("httpPort", opts.httpPort ?? 8025), host);
  } catch (error) {
    await smtp.close();
    throw error;
  }
  const urlHost = host.includes(":") ? `[${host}]` : host;

  const stopSmtp = async () => {
    const current = smtp;
    smtp = undefined;
    await current?.close();
  };

  return {
    smtpPort,
    httpPort,
    url: `http://${urlHost}:${httpPort}`,
    messages: () => store.list(),
    stopSmtp,
    async startSmtp() {
      if (!smtp) smtp = await listenSmtp(store, smtpPort, host);
    },
    async close() {
      await stopSmtp();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
