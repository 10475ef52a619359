import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env-schema";

const production = {
  DATABASE_URL: "postgres://portal@db.internal:5432/portal",
  AUTH_SECRET: "x".repeat(40),
  AUTH_URL: "https://orders.example.com/",
  STRIPE_SECRET_KEY: "sk_live_abc123",
  STRIPE_WEBHOOK_SECRET: "whsec_abc123",
  SMTP_URL: "smtps://user:pass@mail.example.com:465",
  MAIL_FROM: "Example Soft <support@example.com>",
  STAFF_EMAILS: "Ana@example.com, bo@example.com",
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("production settings", () => {
  it("accepts a complete configuration and normalises it", () => {
    const e = loadEnv(production);
    expect(e.mode).toBe("production");
    expect(e.authUrl).toBe("https://orders.example.com");
    expect(e.staffEmails).toEqual(["ana@example.com", "bo@example.com"]);
    expect(e.vendorName).toBe("Example Soft");
    expect(e.supportEmail).toBe("support@example.com");
    expect(e.migrateOnStart).toBe(false);
    expect(e.repeatRefunder).toEqual({ refunds: 3, months: 12 });
  });

  it("takes the repeat-refunder threshold as a setting, and refuses a malformed one", () => {
    const e = loadEnv({ ...production, REPEAT_REFUNDER_REFUNDS: "5", REPEAT_REFUNDER_MONTHS: "6" });
    expect(e.repeatRefunder).toEqual({ refunds: 5, months: 6 });
    expect(problems({ ...production, REPEAT_REFUNDER_REFUNDS: "0" }).join("\n")).toContain(
      "REPEAT_REFUNDER_REFUNDS",
    );
    expect(problems({ ...production, REPEAT_REFUNDER_MONTHS: "a year" }).join("\n")).toContain(
      "REPEAT_REFUNDER_MONTHS",
    );
  });

  it.each(Object.keys(production))("names %s when it is missing", (key) => {
    const source: Record<string, string | undefined> = { ...production, [key]: undefined };
    expect(problems(source).join("\n")).toContain(key);
  });

  it("names each malformed setting", () => {
    const found = problems({
      ...production,
      DATABASE_URL: "mysql://x",
      AUTH_SECRET: "short",
      STRIPE_SECRET_KEY: "pk_test_1",
      STAFF_EMAILS: "not-an-address",
      PORT: "99999",
    }).join("\n");
    for (const key of ["DATABASE_URL", "AUTH_SECRET", "STRIPE_SECRET_KEY", "STAFF_EMAILS", "PORT"]) {
      expect(found).toContain(key);
    }
  });
});

describe("demo settings", () => {
  it("fills safe local values and keeps the generated secrets in the data folder", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "portal-env-"));
    const first = loadEnv({ PORTAL_MODE: "demo", DATA_DIR: dir });
    expect(first.mode).toBe("demo");
    expect(first.databaseUrl).toBeUndefined();
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.stripeWebhookSecret).toMatch(/^whsec_/);
    expect(first.authUrl).toBe("http://localhost:3000");
    expect(first.migrateOnStart).toBe(true);
    const second = loadEnv({ PORTAL_MODE: "demo", DATA_DIR: dir, PORT: "3100" });
    expect(second.authSecret).toBe(first.authSecret);
    expect(second.authUrl).toBe("http://localhost:3100");
    expect(JSON.parse(readFileSync(path.join(dir, "secrets.json"), "utf8")).authSecret).toBe(
      first.authSecret,
    );
  });

  it("reads the crash-recovery test's fault injection in demo mode only", () => {
    const demo = {
      PORTAL_MODE: "demo",
      DATA_DIR: tmpdir(),
      AUTH_SECRET: "x".repeat(40),
      STRIPE_WEBHOOK_SECRET: "whsec_a",
    };
    expect(loadEnv(demo).crashAt).toBeUndefined();
    expect(loadEnv({ ...demo, PORTAL_CRASH_AT: "refund.after-stripe" }).crashAt).toBe("refund.after-stripe");
    expect(problems({ ...demo, PORTAL_CRASH_AT: "refund.somewhere" }).join()).toContain("PORTAL_CRASH_AT");
    // Production never reads it, whatever it says.
    expect(loadEnv({ ...production, PORTAL_CRASH_AT: "refund.after-stripe" }).crashAt).toBeUndefined();
    expect(loadEnv({ ...production, PORTAL_CRASH_AT: "nonsense" }).crashAt).toBeUndefined();
  });

  it("still refuses a malformed value it was given", () => {
    expect(problems({ PORTAL_MODE: "demo", DATA_DIR: tmpdir(), SMTP_URL: "http://x" }).join()).toContain(
      "SMTP_URL",
    );
  });
});
