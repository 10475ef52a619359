import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "@": fileURLToPath(new URL(".", import.meta.url)) };
// `server-only` throws outside a React server bundle; in tests the modules run in plain Node.
const serverOnly = fileURLToPath(new URL("./tests/server-only-stub.ts", import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: { ...alias, "server-only": serverOnly } },
        test: {
          name: "unit",
          include: ["**/*.test.ts", "**/*.test.tsx"],
          exclude: [
            "**/*.integration.test.ts",
            "**/*.instances.test.ts",
            "node_modules/**",
            "e2e/**",
            ".next/**",
          ],
          environment: "node",
        },
      },
      {
        resolve: { alias: { ...alias, "server-only": serverOnly } },
        test: {
          name: "integration",
          include: ["**/*.integration.test.ts"],
          exclude: ["node_modules/**", "e2e/**", ".next/**"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One PGlite/Postgres per file; files run one after another to stay within two cores.
          fileParallelism: false,
        },
      },
      {
        // Portal processes (the production build) on one PostgreSQL: run by `npm test` after the e2e build.
        resolve: { alias: { ...alias, "server-only": serverOnly } },
        test: {
          name: "instances",
          include: ["tests/instances/**/*.instances.test.ts"],
          globalSetup: ["tests/instances/global-setup.ts"],
          environment: "node",
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // The two files mostly wait (for the 30 s safety-net jobs): side by side, their waits overlap.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
