import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CRASH_POINTS, type TCrashPoint } from "./crash-point";

const csv = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.email()));

const mailbox = z
  .string()
  .regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'expected an address or "Name <address>"');

/** What production must be given; every key named in the error when missing or malformed. */
const ZProductionEnv = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  AUTH_SECRET: z.string().min(32, "at least 32 characters"),
  AUTH_URL: z.url({ protocol: /^https?$/ }),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, "expected sk_live_… or sk_test_…"),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, "expected whsec_…"),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }),
  MAIL_FROM: mailbox,
  STAFF_EMAILS: csv.refine((a) => a.length > 0, "at least one address"),
});

const ZCommonEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default(".data"),
  /** Only for the local emulator: where the Stripe SDK connects instead of api.stripe.com. */
  STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).optional(),
  VENDOR_NAME: z.string().min(1).max(100).optional(),
  SUPPORT_EMAIL: z.email().optional(),
  /** The seller printed on invoices: legal name, address (lines separated by "|"), ISO country, VAT number. */
  SELLER_NAME: z.string().min(1).max(200).optional(),
  SELLER_ADDRESS: z.string().min(1).max(500).optional(),
  SELLER_COUNTRY: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "expected an ISO country code such as FR")
    .optional(),
  SELLER_VAT_ID: z
    .string()
    .regex(/^[A-Za-z]{2}[0-9A-Za-z+*.]{2,13}$/, "expected a VAT number such as FR40303265045")
    .optional(),
  /** The mailbox page of the local mail sink, linked from the demo's "check your e-mail" page. */
  DEMO_MAILBOX_URL: z.url().optional(),
  /** Sign-in requests allowed per client address in 15 minutes (per e-mail address it is 5). */
  SIGN_IN_LIMIT_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(30),
  /**
   * Proxies in front of the app that append to X-Forwarded-For (a load balancer: 1). With 0 the
   * socket's peer is the client and X-Forwarded-For is ignored.
   */
  TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  /** The support console flags a customer with this many refunds in REPEAT_REFUNDER_MONTHS months. */
  REPEAT_REFUNDER_REFUNDS: z.coerce.number().int().min(1).max(1000).default(3),
  REPEAT_REFUNDER_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  /** Apply migrations when the server starts (always on in demo mode). */
  MIGRATE_ON_START: z.enum(["0", "1", "true", "false"]).optional(),
  /** Benchmarks only: write each SQL statement and its parameters to stderr (`npm run bench:pages`). */
  DB_LOG_STATEMENTS: z.enum(["0", "1"]).optional(),
  /** Demo and tests only (never read in production): the saga step where the process kills itself (lib/crash-point.ts). */
  PORTAL_CRASH_AT: z.enum(CRASH_POINTS).optional(),
});

export type TEnv = {
  mode: "production" | "demo";
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  authSecret: string;
  authUrl: string;
  stripeSecretKey: string;
  stripeApiBase: string | undefined;
  stripeWebhookSecret: string;
  smtpUrl: string;
  mailFrom: string;
  staffEmails: string[];
  vendorName: string;
  supportEmail: string;
  seller: { name: string; addressLines: string[]; country: string; vatId: string };
  demoMailboxUrl: string | undefined;
  migrateOnStart: boolean;
  signInLimitPerClient: number;
  trustedProxies: number;
  logStatements: boolean;
  repeatRefunder: { refunds: number; months: number };
  /** Demo only: the crash-recovery test's fault injection; always undefined in production. */
  crashAt: TCrashPoint | undefined;
};

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const isMissing = i.code === "invalid_type" && i.message.endsWith("received undefined");
    return `${i.path.join(".") || "(settings)"}: ${isMissing ? "missing" : i.message}`;
  });
}

/** Secrets generated once for the demo and kept beside its database. */
function demoSecrets(dataDir: string): { authSecret: string; webhookSecret: string } {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) {
    const parsed = z
      .object({ authSecret: z.string().min(32), webhookSecret: z.string().startsWith("whsec_") })
      .safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (parsed.success) return parsed.data;
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    authSecret: randomBytes(32).toString("base64url"),
    webhookSecret: `whsec_${randomBytes(24).toString("hex")}`,
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** The seller on invoices; the demo's are the demo vendor's values. */
function sellerOf(c: z.infer<typeof ZCommonEnv>, vendorName: string, isDemo: boolean): TEnv["seller"] {
  const address = c.SELLER_ADDRESS ?? (isDemo ? "12 rue des Exemples|75011 Paris" : "");
  return {
    name: c.SELLER_NAME ?? (isDemo ? "Lumen Softworks SAS" : vendorName),
    addressLines: address
      .split("|")
      .map((l) => l.trim())
      .filter(Boolean),
    country: (c.SELLER_COUNTRY ?? (isDemo ? "FR" : "")).toUpperCase(),
    vatId: (c.SELLER_VAT_ID ?? (isDemo ? "FR40303265045" : "")).toUpperCase(),
  };
}

function addressOf(mailFrom: string): string {
  return /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
}

function displayNameOf(mailFrom: string): string | undefined {
  return /^\s*"?([^"<]+?)"?\s*</.exec(mailFrom)?.[1];
}

/**
 * Parses the settings. `PORTAL_MODE=demo` (set by `npm run demo` and the tests)
 * fills safe local defaults; otherwise every production setting is required.
 */
export function loadEnv(source: Record<string, string | undefined>): TEnv {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const isDemo = raw.PORTAL_MODE === "demo";
  // Fault injection exists only outside production: there the setting is not even read.
  if (!isDemo) delete raw.PORTAL_CRASH_AT;
  const common = ZCommonEnv.safeParse(raw);
  const given = (isDemo ? ZProductionEnv.partial() : ZProductionEnv).safeParse(raw);
  // Every problem at once, so an operator fixes them in one go.
  const found = [
    ...(common.success ? [] : problemsOf(common.error)),
    ...(given.success ? [] : problemsOf(given.error)),
  ];
  if (!common.success || !given.success) throw new EnvError(found);
  const c = common.data;

  if (!isDemo) {
    const p = ZProductionEnv.parse(raw);
    return {
      mode: "production",
      port: c.PORT,
      dataDir: c.DATA_DIR,
      databaseUrl: p.DATABASE_URL,
      authSecret: p.AUTH_SECRET,
      authUrl: p.AUTH_URL.replace(/\/$/, ""),
      stripeSecretKey: p.STRIPE_SECRET_KEY,
      stripeApiBase: c.STRIPE_API_BASE,
      stripeWebhookSecret: p.STRIPE_WEBHOOK_SECRET,
      smtpUrl: p.SMTP_URL,
      mailFrom: p.MAIL_FROM,
      staffEmails: p.STAFF_EMAILS,
      vendorName: c.VENDOR_NAME ?? displayNameOf(p.MAIL_FROM) ?? "Support",
      supportEmail: c.SUPPORT_EMAIL ?? addressOf(p.MAIL_FROM),
      seller: sellerOf(c, c.VENDOR_NAME ?? displayNameOf(p.MAIL_FROM) ?? "Support", false),
      demoMailboxUrl: undefined,
      migrateOnStart: c.MIGRATE_ON_START === "1" || c.MIGRATE_ON_START === "true",
      signInLimitPerClient: c.SIGN_IN_LIMIT_PER_CLIENT,
      trustedProxies: c.TRUSTED_PROXIES,
      logStatements: c.DB_LOG_STATEMENTS === "1",
      repeatRefunder: { refunds: c.REPEAT_REFUNDER_REFUNDS, months: c.REPEAT_REFUNDER_MONTHS },
      crashAt: undefined,
    };
  }

  // Demo: anything given is still validated; what is missing gets a safe local value.
  const d = given.data;
  const secrets = d.AUTH_SECRET && d.STRIPE_WEBHOOK_SECRET ? undefined : demoSecrets(c.DATA_DIR);
  const mailFrom = d.MAIL_FROM ?? "Lumen Softworks <support@lumen-softworks.test>";
  return {
    mode: "demo",
    port: c.PORT,
    dataDir: c.DATA_DIR,
    databaseUrl: d.DATABASE_URL,
    authSecret: d.AUTH_SECRET ?? secrets!.authSecret,
    authUrl: (d.AUTH_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ""),
    stripeSecretKey: d.STRIPE_SECRET_KEY ?? "sk_test_emulator",
    stripeApiBase: c.STRIPE_API_BASE ?? "http://127.0.0.1:12111",
    stripeWebhookSecret: d.STRIPE_WEBHOOK_SECRET ?? secrets!.webhookSecret,
    smtpUrl: d.SMTP_URL ?? "smtp://127.0.0.1:1025",
    mailFrom,
    staffEmails: d.STAFF_EMAILS ?? ["staff@lumen-softworks.test"],
    vendorName: c.VENDOR_NAME ?? displayNameOf(mailFrom) ?? "Lumen Softworks",
    supportEmail: c.SUPPORT_EMAIL ?? addressOf(mailFrom),
    seller: sellerOf(c, c.VENDOR_NAME ?? displayNameOf(mailFrom) ?? "Lumen Softworks", true),
    demoMailboxUrl: c.DEMO_MAILBOX_URL ?? "http://127.0.0.1:8025",
    migrateOnStart: c.MIGRATE_ON_START !== "0" && c.MIGRATE_ON_START !== "false",
    signInLimitPerClient: c.SIGN_IN_LIMIT_PER_CLIENT,
    trustedProxies: c.TRUSTED_PROXIES,
    logStatements: c.DB_LOG_STATEMENTS === "1",
    repeatRefunder: { refunds: c.REPEAT_REFUNDER_REFUNDS, months: c.REPEAT_REFUNDER_MONTHS },
    crashAt: c.PORTAL_CRASH_AT,
  };
}
