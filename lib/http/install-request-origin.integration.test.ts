import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { currentRequestContext } from "@/lib/log/request-context";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { installRequestOrigin } from "./install-request-origin";
import { REQUEST_ID_HEADER } from "./request-id";

let server: Server;
let url: string;

beforeAll(async () => {
  installRequestOrigin(0);
  server = createServer((req, res) => {
    // Later, asynchronously, as a page or a route handler would read it.
    setTimeout(() => {
      res.setHeader("Content-Type", "application/json");
      res.end(
        JSON.stringify({
          address: req.headers[CLIENT_ADDRESS_HEADER] ?? "",
          requestId: req.headers[REQUEST_ID_HEADER],
          context: currentRequestContext() ?? null,
        }),
      );
    }, 5);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type TAnswer = { address: string; requestId: string; context: { requestId: string; clientAddress: string } };

it("sets the socket's peer on every request, replacing what the client sent", async () => {
  const plain = (await (await fetch(url)).json()) as TAnswer;
  const forged = (await (
    await fetch(url, { headers: { "x-forwarded-for": "6.6.6.6", [CLIENT_ADDRESS_HEADER]: "7.7.7.7" } })
  ).json()) as TAnswer;
  expect(plain.address).toBe("127.0.0.1");
  expect(forged.address).toBe("127.0.0.1");
});

it("gives each request an id of its own (never the client's), in the response and the request's context", async () => {
  const answers = await Promise.all(
    [0, 1, 2].map(async () => {
      const r = await fetch(url, { headers: { "X-Request-Id": "chosen-by-client" } });
      return { header: r.headers.get("x-request-id"), body: (await r.json()) as TAnswer };
    }),
  );
  const ids = answers.map((a) => a.header);
  expect(new Set(ids).size).toBe(3);
  for (const { header, body } of answers) {
    expect(header).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.requestId).toBe(header);
    expect(body.context).toEqual({ requestId: header, clientAddress: "127.0.0.1" });
  }
});
