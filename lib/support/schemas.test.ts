import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/actions/codes";
import { LOST_ADDRESS_CODES } from "./errors";
import { splitOrderNumbers, ZLostAddress } from "./schemas";

const base = {
  oldEmail: "old@example.com",
  orderNumbers: "",
  purchaseDate: "",
  amount: "",
  message: "",
  locale: "en",
};

function errorOf(input: Record<string, string>): string | null {
  const r = ZLostAddress.safeParse({ ...base, ...input });
  return r.success ? null : (Object.values(fieldErrorsOf(r.error, LOST_ADDRESS_CODES))[0] ?? null);
}

describe("lost-address request input", () => {
  it("splits order numbers however they are typed", () => {
    expect(splitOrderNumbers(" ord-2025-abc123, ORD-2025-ABC123;ORD-2024-ZZZ999\n")).toEqual([
      "ORD-2025-ABC123",
      "ORD-2024-ZZZ999",
    ]);
  });

  it("needs order numbers or a date", () => {
    expect(errorOf({})).toBe("DETAILS_MISSING");
    expect(errorOf({ orderNumbers: "ORD-2025-ABC123" })).toBeNull();
    expect(errorOf({ purchaseDate: "2025-11-03", amount: "about 50 EUR" })).toBeNull();
  });

  it("refuses a bad address, a future or malformed date and over-long text", () => {
    expect(errorOf({ oldEmail: "nope", orderNumbers: "X" })).toBe("EMAIL_INVALID");
    expect(errorOf({ oldEmail: `${"a".repeat(250)}@x.io`, orderNumbers: "X" })).toBe("EMAIL_INVALID");
    expect(errorOf({ purchaseDate: "2999-01-01" })).toBe("DATE_INVALID");
    expect(errorOf({ purchaseDate: "03/11/2025" })).toBe("DATE_INVALID");
    expect(errorOf({ orderNumbers: "X", message: "y".repeat(2001) })).toBe("MESSAGE_TOO_LONG");
    expect(errorOf({ orderNumbers: "X", message: "y".repeat(2000) })).toBeNull();
    expect(errorOf({ orderNumbers: Array.from({ length: 11 }, (_, i) => `N${i}`).join(" ") })).toBe(
      "ORDER_NUMBERS_INVALID",
    );
    expect(errorOf({ orderNumbers: "X", amount: "9".repeat(41) })).toBe("AMOUNT_INVALID");
  });

  it("keeps empty optional fields as null", () => {
    const r = ZLostAddress.parse({ ...base, orderNumbers: "ord-2025-abc123" });
    expect(r).toMatchObject({
      orderNumbers: ["ORD-2025-ABC123"],
      purchaseDate: null,
      amount: null,
      message: null,
    });
  });
});
