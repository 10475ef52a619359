import { describe, expect, it } from "vitest";
import { allowedUrl } from "./safe-url";

describe("allowedUrl", () => {
  it("accepts https, and http on the local machine or a trusted origin", () => {
    expect(allowedUrl("https://downloads.example.com/app.zip")).toBe("https://downloads.example.com/app.zip");
    expect(allowedUrl("http://localhost:3000/en/orders")).toBe("http://localhost:3000/en/orders");
    expect(allowedUrl("http://127.0.0.1:8025")).toBe("http://127.0.0.1:8025/");
    expect(allowedUrl("http://portal.test/en", ["http://portal.test"])).toBe("http://portal.test/en");
  });

  it("refuses scripts, data, other schemes, plain http elsewhere, relative URLs and credentials", () => {
    for (const bad of [
      "javascript:alert(1)",
      " JavaScript:alert(document.cookie)",
      "java\tscript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "ftp://example.com/x",
      "http://downloads.example.com/app.zip",
      "//evil.example/x",
      "/en/orders",
      "https://user:pass@example.com/",
      "",
      null,
      42,
      `https://example.com/${"x".repeat(3000)}`,
    ])
      expect(allowedUrl(bad), String(bad)).toBeNull();
    expect(allowedUrl("http://portal.test.evil.example/", ["http://portal.test"])).toBeNull();
  });
});
