import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".data/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "bench/bare/.next/**",
      "bench/bare/next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

// Layers (issue 13): pages and components reach data through lib/, never the schema or drizzle;
// lib/ never reaches into the emulators or the routes; db/ (schema, migrations, the connection)
// knows nothing of the application. Tests may use the emulators.
const restrict = (groups, message) => ({
  "no-restricted-imports": ["error", { patterns: [{ group: groups, message }] }],
});
config.push(
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: restrict(
      ["@/db/schema", "@/db/schema/*", "**/db/schema", "**/db/schema/*", "drizzle-orm", "drizzle-orm/*"],
      "Pages and components read and write through lib/<domain>; types from lib/ too (TLocale: lib/i18n/locale).",
    ),
  },
  {
    files: ["lib/**/*.{ts,tsx,mjs}"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: restrict(
      ["@/emulators", "@/emulators/*", "**/emulators/*", "@/app", "@/app/*", "**/app/**"],
      "lib/ talks to Stripe through the SDK and to mail through SMTP, and knows nothing of the routes.",
    ),
  },
  {
    files: ["db/**/*.ts"],
    rules: restrict(
      ["@/lib", "@/lib/*", "**/lib/*", "**/lib/**"],
      "db/ is the schema and the connection; the application's settings reach it as arguments.",
    ),
  },
);

export default config;
