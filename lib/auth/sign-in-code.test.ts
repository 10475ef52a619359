import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, generateSignInCode, hashSignInToken, normalizeSignInCode } from "./sign-in-code";

describe("sign-in codes", () => {
  it("are six characters without look-alikes", () => {
    for (let i = 0; i < 500; i++) expect(generateSignInCode()).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$/);
    expect(CODE_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it("accept what a person types", () => {
    expect(normalizeSignInCode(" k7m-2qx ")).toBe("K7M2QX");
    expect(normalizeSignInCode("K7M2Q")).toBeNull();
    expect(normalizeSignInCode("K7M2Q0")).toBeNull();
    expect(normalizeSignInCode("x".repeat(10_000))).toBeNull();
  });

  it("are hashed the way Auth.js hashes verification tokens", () => {
    expect(hashSignInToken("ABC123", "s3cret")).toBe(
      createHash("sha256").update("ABC123s3cret").digest("hex"),
    );
  });
});
