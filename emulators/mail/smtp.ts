import type { Socket } from "node:net";
import { SMTPServer } from "smtp-server";
import { parseMessage } from "./parse";
import type { TMessageStore } from "./store";

export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export type TSmtpListener = {
  /** The port actually bound (resolves 0 to the chosen port). */
  port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
};

/** Starts an SMTP server that accepts any mail (and any AUTH PLAIN/LOGIN) into `store`. */
export function listenSmtp(store: TMessageStore, port: number, host: string): Promise<TSmtpListener> {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    authOptional: true,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    size: MAX_MESSAGE_BYTES,
    banner: "mail sink",
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "anonymous" });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes <= MAX_MESSAGE_BYTES) chunks.push(chunk);
      });
      stream.on("end", () => {
        if (stream.sizeExceeded || bytes > MAX_MESSAGE_BYTES) {
          callback(
            Object.assign(new Error("Message exceeds fixed maximum message size"), { responseCode: 552 }),
          );
          return;
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
        };
        parseMessage(Buffer.concat(chunks), envelope).then(
          (message) => {
            const stored = store.add(message);
            callback(null, `Queued as ${stored.id}`);
          },
          (error: unknown) => {
            callback(
              Object.assign(new Error(`Cannot parse message: ${String(error)}`), { responseCode: 554 }),
            );
          },
        );
      });
    },
  });

  const sockets = new Set<Socket>();
  server.server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      // Client-side socket errors are reported here; the sink ignores them.
      server.on("error", () => {});
      const address = server.server.address();
      const boundPort = typeof address === "object" && address ? address.port : port;
      resolve({
        port: boundPort,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}
