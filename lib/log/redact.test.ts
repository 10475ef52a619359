import { describe, expect, it } from "vitest";
import { redactError, redactText, redactValue } from "./redact";

describe("redactText", () => {
  it("removes addresses, plain and %-encoded", () => {
    expect(redactText("mail to alice@demo.test failed")).toBe("mail to [email] failed");
    expect(redactText("x?email=ana%40example.com&y=1")).toBe("x?email=[redacted]&y=1");
    expect(redactText("ana.b+tag%40mail.example.co.uk")).toBe("[email]");
  });

  it("removes license keys, sign-in links and token hashes", () => {
    expect(redactText("key ABCDE-FGHJK-MNPQR-STUVW-XYZ23 sent")).toBe("key [license-key] sent");
    expect(redactText("https://portal.test/en/sign-in/confirm?token=K7P2QX&email=a%40b.test")).toBe(
      "https://portal.test/en/sign-in/confirm?token=[redacted]&email=[redacted]",
    );
    expect(redactText(`token ${"ab12".repeat(16)}.`)).toBe("token [hash].");
  });

  it("removes Stripe secrets and bearer tokens", () => {
    expect(redactText("using sk_test_51Habc123 and whsec_abcDEF123")).toBe(
      "using [stripe-key] and [stripe-secret]",
    );
    expect(redactText("Authorization: Bearer abc.def-ghi")).toBe("Authorization: Bearer [redacted]");
  });

  it("removes a failed statement's parameters and a constraint's values", () => {
    const message =
      'Failed query: select "id" from "customers" where "email" = $1 and "id" = $2\nparams: alice@demo.test,42';
    expect(redactText(message)).toBe(
      'Failed query: select "id" from "customers" where "email" = $1 and "id" = $2\nparams: [redacted]',
    );
    expect(redactText("Key (email)=(bruno@demo.test) already exists.")).toBe(
      "Key (email)=([redacted]) already exists.",
    );
  });

  it("leaves ids, order numbers and request ids alone", () => {
    const plain = "order ORD-2026-ABCDEF refund re_123 request 6f1c2d3e-aaaa-4bbb-8ccc-0123456789ab";
    expect(redactText(plain)).toBe(plain);
  });
});

describe("redactValue", () => {
  it("blanks secret fields whatever their value and redacts the others", () => {
    expect(
      redactValue({
        email: "x",
        code: "K7P2QX",
        nested: { to: "a@b.test", note: "call c@d.test", count: 2 },
        list: ["e@f.test", 1],
        empty: "",
      }),
    ).toEqual({
      email: "[redacted]",
      code: "[redacted]",
      nested: { to: "[redacted]", note: "call [email]", count: 2 },
      list: ["[email]", 1],
      empty: "",
    });
  });

  it("keeps an error's safe fields, redacted, with its cause, never a driver's parameters", () => {
    const cause = Object.assign(new Error('invalid input syntax for type uuid: "alice@demo.test"'), {
      code: "22P02",
      parameters: ["alice@demo.test"],
      query: "select 1",
    });
    const error = new Error("Failed query: select $1\nparams: alice@demo.test", { cause });
    const logged = redactError(error);
    expect(JSON.stringify(logged)).not.toContain("alice");
    expect(logged.message).toBe("Failed query: select $1\nparams: [redacted]");
    expect(logged.cause).toMatchObject({
      code: "22P02",
      message: 'invalid input syntax for type uuid: "[email]"',
    });
    expect(logged.cause).not.toHaveProperty("parameters");
  });
});
