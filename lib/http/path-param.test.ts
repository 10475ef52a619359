import { expect, it } from "vitest";
import { pathParam } from "./path-param";

it("decodes a segment, and refuses malformed encoding, NUL and overlong text", () => {
  expect(pathParam("ORD-2026-ABCDEF")).toBe("ORD-2026-ABCDEF");
  expect(pathParam("ORD%2D2026")).toBe("ORD-2026");
  expect(pathParam("%E0%A4%A")).toBeNull();
  expect(pathParam("ORD%00")).toBeNull();
  expect(pathParam("x".repeat(41))).toBeNull();
});
