import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { busyPortMessage, resetInterruptedSeed, SEED_DONE, SEED_STARTED } from "./demo-start";

const dirs: string[] = [];
const dataDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), "demo-start-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("a first start interrupted during the seed", () => {
  it("starts the demo data over: the emulator's state and the embedded database go, the secrets stay", () => {
    const d = dataDir();
    writeFileSync(path.join(d, SEED_STARTED), "2026-12-01T00:00:00Z");
    writeFileSync(path.join(d, "stripe-emulator.json"), "{}");
    writeFileSync(path.join(d, "secrets.json"), "{}");
    mkdirSync(path.join(d, "pglite"));
    expect(resetInterruptedSeed(d, { embeddedDatabase: true }).sort()).toEqual(
      [SEED_STARTED, "pglite", "stripe-emulator.json"].sort(),
    );
    expect(existsSync(path.join(d, "pglite"))).toBe(false);
    expect(existsSync(path.join(d, "secrets.json"))).toBe(true);
  });

  it("also recognises a folder from before the marker existed (emulator state, no finished seed)", () => {
    const d = dataDir();
    writeFileSync(path.join(d, "stripe-emulator.json"), "{}");
    expect(resetInterruptedSeed(d, { embeddedDatabase: false })).toEqual(["stripe-emulator.json"]);
  });

  it("leaves a finished seed and a fresh folder alone", () => {
    const done = dataDir();
    writeFileSync(path.join(done, SEED_DONE), "{}");
    writeFileSync(path.join(done, "stripe-emulator.json"), "{}");
    expect(resetInterruptedSeed(done, { embeddedDatabase: true })).toEqual([]);
    expect(existsSync(path.join(done, "stripe-emulator.json"))).toBe(true);
    expect(resetInterruptedSeed(dataDir(), { embeddedDatabase: true })).toEqual([]);
  });
});

describe("a busy port", () => {
  it("is one line naming the port and the setting", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      expect(
        await busyPortMessage([
          { port, what: "the mail sink's SMTP", setting: "MAIL_SINK_SMTP_PORT", host: "127.0.0.1" },
        ]),
      ).toBe(
        `Port ${port} (the mail sink's SMTP) is already in use: stop what uses it, or set MAIL_SINK_SMTP_PORT to a free port.`,
      );
    } finally {
      server.close();
    }
    expect(await busyPortMessage([{ port, what: "x", setting: "X", host: "127.0.0.1" }])).toBeNull();
  });
});
