import { describe, expect, it } from "vitest";
import { fileLabel, isProjectRow, summarize, topRows, type TCpuProfile } from "./cpu-profile";

const ROOT = "/srv/portal";
const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0, columnNumber: 0 });

// (root) → handler (proxy.ts) → render (react-dom) → format (lib/i18n/format.ts), and (idle).
const profile: TCpuProfile = {
  startTime: 1_000,
  nodes: [
    { id: 1, callFrame: frame("(root)", ""), children: [2, 5] },
    { id: 2, callFrame: frame("handler", `file://${ROOT}/proxy.ts`), children: [3] },
    {
      id: 3,
      callFrame: frame("render", `file://${ROOT}/node_modules/react-dom/cjs/server.js`),
      children: [4],
    },
    { id: 4, callFrame: frame("format", `file://${ROOT}/lib/i18n/format.ts`) },
    { id: 5, callFrame: frame("(idle)", "") },
  ],
  // Each sample stands for the delta after it: 100 µs in format, 300 in render, 100 in handler, idle 500.
  samples: [4, 3, 3, 2, 5, 4],
  timeDeltas: [0, 100, 200, 100, 100, 500],
};

describe("summarize", () => {
  it("sums self and inclusive time per function and per file, idle left out", () => {
    const s = summarize(profile, ROOT);
    expect(s.totalMs).toBeCloseTo(0.5);
    const fn = (name: string) => s.byFunction.find((r) => r.name.startsWith(`${name}  `))!;
    expect(fn("format").selfMs).toBeCloseTo(0.1);
    expect(fn("render").selfMs).toBeCloseTo(0.3);
    expect(fn("render").totalMs).toBeCloseTo(0.4);
    expect(fn("handler").totalMs).toBeCloseTo(0.5);
    expect(fn("handler").totalPct).toBeCloseTo(100);
    const file = (name: string) => s.byFile.find((r) => r.name === name)!;
    expect(file("react-dom").selfPct).toBeCloseTo(60);
    expect(file("lib/i18n/format.ts").totalMs).toBeCloseTo(0.1);
  });

  it("keeps only the samples inside a time window", () => {
    // Sample times: 1000 (format), 1100, 1300 (render), 1400 (handler), 1500 (idle), 2000 (format).
    const s = summarize(profile, ROOT, { fromUs: 1_050, toUs: 1_350 });
    expect(s.totalMs).toBeCloseTo(0.3);
    expect(s.byFunction.map((r) => r.name.split("  ")[0])).not.toContain("format");
  });

  it("ranks rows, leaving the plumbing out of the inclusive ranking", () => {
    const s = summarize(profile, ROOT);
    expect(topRows(s.byFile, "self", 1)[0]).toContain("react-dom");
    expect(topRows(s.byFile, "total", 1)[0]).toContain("proxy.ts");
    expect(s.byFile.filter(isProjectRow).map((r) => r.name)).toEqual(
      ["lib/i18n/format.ts", "proxy.ts"].sort(),
    );
  });
});

describe("fileLabel", () => {
  it("names packages, Next's parts, project files and the runtime", () => {
    expect(fileLabel("node:internal/streams/writable", ROOT)).toBe("node:internal");
    expect(fileLabel("", ROOT)).toBe("(native)");
    expect(fileLabel(`file://${ROOT}/node_modules/@auth/core/index.js`, ROOT)).toBe("@auth/core");
    expect(fileLabel("webpack://next/./dist/compiled/react-dom/cjs/x.js", ROOT)).toBe(
      "next/dist/compiled/react-dom",
    );
    expect(fileLabel(`${ROOT}/node_modules/next/src/server/base-server.ts`, ROOT)).toBe("next/src/server");
    expect(fileLabel(`${ROOT}/app/%5Blocale%5D/page.tsx`, ROOT)).toBe("app/[locale]/page.tsx");
    expect(fileLabel("turbopack:///[turbopack]/nodejs/runtime/build-base.ts", ROOT)).toBe(
      "turbopack runtime",
    );
  });
});
