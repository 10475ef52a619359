import { describe, expect, it } from "vitest";
import { noticeOf, withNotice } from "./notice";

describe("notices across a redirect", () => {
  it("puts the code in the query, before the fragment, keeping the path", () => {
    expect(withNotice("/fr/subscriptions#plan-1", "CANCELLED", { plan: "1" })).toBe(
      "/fr/subscriptions?notice=CANCELLED&plan=1#plan-1",
    );
    expect(withNotice("/en/licenses?x=1", "KEYS_SENT")).toBe("/en/licenses?x=1&notice=KEYS_SENT");
  });

  it("reads back only the page's own notices", () => {
    expect(noticeOf({ notice: "CANCELLED" }, ["CANCELLED", "RESUMED"])).toBe("CANCELLED");
    expect(noticeOf({ notice: ["RESUMED", "x"] }, ["CANCELLED", "RESUMED"])).toBe("RESUMED");
    expect(noticeOf({ notice: "<script>" }, ["CANCELLED"])).toBeNull();
    expect(noticeOf({ status: "CANCELLED" }, ["CANCELLED"])).toBeNull();
    expect(noticeOf({}, ["CANCELLED"])).toBeNull();
  });
});
