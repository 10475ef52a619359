// `npm start`: the production server. Checks every setting first, so a missing
// or malformed one stops the start with a message naming it.
import { spawn } from "node:child_process";
import { EnvError, loadEnv } from "../lib/env-schema";
import { SERVER_NODE_ARGS, SERVER_PROCESS_ENV } from "./lib/server-process-env";

try {
  const e = loadEnv(process.env);
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_ARGS, require.resolve("next/dist/bin/next"), "start", "-p", String(e.port)],
    {
      stdio: "inherit",
      env: { ...process.env, ...SERVER_PROCESS_ENV, AUTH_URL: e.authUrl },
    },
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
} catch (error) {
  if (error instanceof EnvError) {
    console.error(
      `The portal cannot start.\n${error.message}\nSee .env.example and the README for every setting.`,
    );
    process.exit(1);
  }
  throw error;
}
