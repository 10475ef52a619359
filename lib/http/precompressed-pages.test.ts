import { describe, expect, it } from "vitest";
import { takesGzipFirst } from "./precompressed-pages";

describe("takesGzipFirst: the Accept-Encoding headers for which Next's compression picks gzip", () => {
  it.each([
    "gzip, deflate, br",
    "gzip",
    "br, gzip",
    "deflate, gzip",
    "gzip;q=1.0, identity;q=0.5",
    "GZIP , Deflate",
    "*, gzip",
    "gzip, identity",
  ])("%s: yes", (header) => {
    expect(takesGzipFirst(header)).toBe(true);
  });

  it.each([
    undefined,
    "",
    "br",
    "deflate",
    "identity",
    "gzip;q=0",
    "gzip;q=0.5, deflate",
    "identity, gzip",
    "gzip, gzip;q=0",
    "x-gzip",
  ])("%s: left to Next", (header) => {
    expect(takesGzipFirst(header)).toBe(false);
  });
});
