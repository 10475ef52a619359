import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createLogger, routeConsoleTo } from "./logger";
import { runInRequestContext } from "./request-context";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: createLogger(stream) };
}

it("writes one JSON line per message, with the request id of the request it belongs to", () => {
  const { lines, log } = capture();
  runInRequestContext({ requestId: "req-42", clientAddress: "203.0.113.7" }, () =>
    log.info({ orderNumber: "ORD-2026-ABCDEF" }, "refund requested"),
  );
  log.info("worker poll");
  expect(lines[0]).toMatchObject({ level: "info", msg: "refund requested", requestId: "req-42" });
  expect(lines[0]).not.toHaveProperty("clientAddress");
  expect(lines[1]).not.toHaveProperty("requestId");
  expect(typeof lines[1]!.time).toBe("string");
});

it("redacts the message, the fields and an error, however they are passed", () => {
  const { lines, log } = capture();
  log.warn("mail to %s refused", "alice@demo.test");
  log.error({ to: "bruno@demo.test", detail: "for chiara@demo.test" }, "send failed");
  log.error(new Error("Failed query: select $1\nparams: dana@demo.test"));
  log.error({ err: new Error("key ABCDE-FGHJK-MNPQR-STUVW-XYZ23") }, "regenerate failed");
  expect(JSON.stringify(lines)).not.toMatch(/@demo\.test|ABCDE-FGHJK/);
  expect(lines[0]!.msg).toBe("mail to [email] refused");
  expect(lines[1]).toMatchObject({ to: "[redacted]", detail: "for [email]" });
  expect(lines[2]).toMatchObject({
    msg: "Failed query: select $1\nparams: [redacted]",
    err: { type: "Error", message: "Failed query: select $1\nparams: [redacted]" },
  });
  expect(lines[3]).toMatchObject({ msg: "regenerate failed", err: { message: "key [license-key]" } });
});

it("routes console output (what Next and libraries print) through the same redaction", () => {
  const { lines, log } = capture();
  const saved = { ...console };
  try {
    routeConsoleTo(log);
    console.error("render failed for", "erin@demo.test", new Error("boom erin@demo.test"));
    console.log("\u001b[33m\u001b[1m⚠\u001b[22m\u001b[39m plain line");
  } finally {
    Object.assign(console, saved);
  }
  expect(lines[0]).toMatchObject({
    level: "error",
    source: "console",
    msg: "render failed for [email]",
    err: { message: "boom [email]" },
  });
  expect(lines[1]).toMatchObject({ level: "info", msg: "⚠ plain line" });
});
