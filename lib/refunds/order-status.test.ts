import { describe, expect, it } from "vitest";
import { orderStatusAfterRefunds } from "./order-status";

describe("an order's status after refunds", () => {
  it("is refunded once all that was paid went back, whatever gave it back", () => {
    expect(orderStatusAfterRefunds({ paid: 5994, refunded: 5994, goodsRefunded: 4995 })).toBe("refunded");
    expect(orderStatusAfterRefunds({ paid: 5994, refunded: 5994, goodsRefunded: 0 })).toBe("refunded");
  });
  it("is partially refunded once some of what was bought went back", () => {
    expect(orderStatusAfterRefunds({ paid: 5994, refunded: 1, goodsRefunded: 1 })).toBe("partially_refunded");
    expect(orderStatusAfterRefunds({ paid: 12188, refunded: 4393, goodsRefunded: 2195 })).toBe(
      "partially_refunded",
    );
  });
  it("stays paid when only VAT went back (reverse charge), or nothing did", () => {
    expect(orderStatusAfterRefunds({ paid: 12188, refunded: 2198, goodsRefunded: 0 })).toBe("paid");
    expect(orderStatusAfterRefunds({ paid: 12188, refunded: 0, goodsRefunded: 0 })).toBe("paid");
  });
});
