import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { installClientAddress } from "./install-client-address";

let server: Server;
let url: string;

beforeAll(async () => {
  installClientAddress(0);
  server = createServer((req, res) => res.end(String(req.headers[CLIENT_ADDRESS_HEADER] ?? "")));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it("sets the socket's peer on every request, replacing what the client sent", async () => {
  const plain = await (await fetch(url)).text();
  const forged = await (
    await fetch(url, { headers: { "x-forwarded-for": "6.6.6.6", [CLIENT_ADDRESS_HEADER]: "7.7.7.7" } })
  ).text();
  expect(plain).toBe("127.0.0.1");
  expect(forged).toBe("127.0.0.1");
});
