import { describe, expect, it } from "vitest";
import { isOpenAuthRoute } from "./auth-routes";

describe("isOpenAuthRoute", () => {
  it("serves the e-mail callback (link and code) and the session, by GET only", () => {
    expect(isOpenAuthRoute("GET", "/api/auth/callback/email")).toBe(true);
    expect(isOpenAuthRoute("GET", "/api/auth/session")).toBe(true);
    expect(isOpenAuthRoute("GET", "/api/auth/session/")).toBe(true);
    expect(isOpenAuthRoute("POST", "/api/auth/callback/email")).toBe(false);
    expect(isOpenAuthRoute("POST", "/api/auth/session")).toBe(false);
  });

  it("answers nothing for Auth.js's own sign-in, sign-out, csrf and provider endpoints", () => {
    for (const path of [
      "/api/auth/signin/email",
      "/api/auth/signin",
      "/api/auth/signout",
      "/api/auth/csrf",
      "/api/auth/providers",
      "/api/auth/callback/nodemailer",
      "/api/auth/verify-request",
      "/api/auth/error",
    ]) {
      expect(isOpenAuthRoute("GET", path), path).toBe(false);
      expect(isOpenAuthRoute("POST", path), path).toBe(false);
    }
  });
});
