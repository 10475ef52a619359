import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { installRequestCounter, requestsInFlight, whenQuiet } from "./requests-in-flight";

let server: Server;
let url: string;
/** Responses the server holds until the test ends them. */
const held: ServerResponse[] = [];

beforeAll(async () => {
  installRequestCounter();
  server = createServer((_req, res) => {
    held.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

it("waits for the requests under way to be answered, and counts a request the client abandoned", async () => {
  expect(requestsInFlight()).toBe(0);
  const answered = fetch(url).then((r) => r.text());
  const abandon = new AbortController();
  const abandoned = fetch(url, { signal: abandon.signal }).catch(() => "aborted");
  await until(() => held.length === 2);
  expect(requestsInFlight()).toBe(2);

  const steps: string[] = [];
  const quiet = whenQuiet(3_600_000).then(() => steps.push("quiet"));
  held[0]!.end("done");
  await answered;
  steps.push("first answered");
  abandon.abort();
  expect(await abandoned).toBe("aborted");
  steps.push("second abandoned");
  await quiet;
  expect(steps).toEqual(["first answered", "second abandoned", "quiet"]);
  expect(requestsInFlight()).toBe(0);
});

it("gives up waiting after its limit under a load that does not stop", async () => {
  held.length = 0;
  const answered = fetch(url).then((r) => r.text());
  await until(() => held.length === 1);
  await whenQuiet(50);
  // Resolved while the request was still in flight.
  expect(requestsInFlight()).toBe(1);
  held[0]!.end("done");
  expect(await answered).toBe("done");
  await until(() => requestsInFlight() === 0);
});
