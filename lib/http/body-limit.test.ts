import { describe, expect, it } from "vitest";
import { declaresMoreThan, readTextWithin } from "./body-limit";

describe("body limits", () => {
  it("tells a declared length over the limit", () => {
    expect(declaresMoreThan(new Headers({ "content-length": "1025" }), 1024)).toBe(true);
    expect(declaresMoreThan(new Headers({ "content-length": "1024" }), 1024)).toBe(false);
    expect(declaresMoreThan(new Headers({ "content-length": "nonsense" }), 1024)).toBe(true);
    expect(declaresMoreThan(new Headers(), 1024)).toBe(false);
  });

  it("reads a body up to the limit and stops past it", async () => {
    const post = (body: string | ReadableStream) =>
      new Request("http://x.test/", { method: "POST", body, duplex: "half" } as RequestInit);
    expect(await readTextWithin(post("héllo"), 1024)).toBe("héllo");
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    expect(await readTextWithin(post(endless), 1024 * 1024)).toBeUndefined();
    expect(pulled).toBeLessThan(40);
  });
});
