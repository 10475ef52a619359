import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddress, clientAddressFrom } from "./client-address";

describe("clientAddressFrom", () => {
  it("without a trusted proxy: the socket's peer, whatever X-Forwarded-For says", () => {
    expect(clientAddressFrom("203.0.113.7", undefined, 0)).toBe("203.0.113.7");
    expect(clientAddressFrom("203.0.113.7", "1.1.1.1", 0)).toBe("203.0.113.7");
    expect(clientAddressFrom("::ffff:127.0.0.1", "9.9.9.9, 8.8.8.8", 0)).toBe("127.0.0.1");
    expect(clientAddressFrom("2001:db8::1", undefined, 0)).toBe("2001:db8::1");
  });

  it("a new forged X-Forwarded-For per request gives the same address (no way around the limit)", () => {
    const seen = new Set(
      Array.from({ length: 20 }, (_, i) => clientAddressFrom("198.51.100.4", `10.0.0.${i}`, 0)),
    );
    expect([...seen]).toEqual(["198.51.100.4"]);
  });

  it("behind N trusted proxies: the entry N places from the right of the chain", () => {
    // client -> LB (appends the client) -> app: socket is the LB.
    expect(clientAddressFrom("10.0.0.2", "203.0.113.7", 1)).toBe("203.0.113.7");
    // A client that forges the header only adds entries on the left.
    expect(clientAddressFrom("10.0.0.2", "6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    // CDN -> LB -> app.
    expect(clientAddressFrom("10.0.0.2", "6.6.6.6, 203.0.113.7, 172.16.0.9", 2)).toBe("203.0.113.7");
    expect(clientAddressFrom("10.0.0.2", ["6.6.6.6", "203.0.113.7"], 1)).toBe("203.0.113.7");
  });

  it("a chain shorter than the trust setting gives its leftmost entry; nothing gives undefined", () => {
    expect(clientAddressFrom("10.0.0.2", undefined, 1)).toBe("10.0.0.2");
    expect(clientAddressFrom(undefined, undefined, 0)).toBeUndefined();
  });
});

describe("clientAddress", () => {
  it("reads the header the server process set; no header, no address (never a shared bucket)", () => {
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.1.1.1" }))).toBeUndefined();
  });
});
