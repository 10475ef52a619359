import { describe, expect, it } from "vitest";
import {
  availableAction,
  canCancel,
  canResume,
  hasEnded,
  idempotencyKeyOf,
  planState,
  type TPolicySubscription,
} from "./subscription-policy";

const periodEnd = new Date("2027-03-14T09:30:00Z");
const before = new Date("2027-03-14T09:29:59.999Z");
const atEnd = new Date("2027-03-14T09:30:00Z");
const after = new Date("2027-03-15T00:00:00Z");

const plan = (over: Partial<TPolicySubscription> = {}): TPolicySubscription => ({
  status: "active",
  cancelAtPeriodEnd: false,
  currentPeriodEnd: periodEnd,
  ...over,
});

describe("canCancel", () => {
  it.each(["active", "trialing", "past_due"] as const)(
    "allows a %s plan before its period ends",
    (status) => {
      expect(canCancel(plan({ status }), before)).toEqual({ ok: true });
    },
  );

  it("refuses a plan already set to end", () => {
    expect(canCancel(plan({ cancelAtPeriodEnd: true }), before)).toEqual({
      ok: false,
      code: "ALREADY_CANCELLED",
    });
  });

  it("refuses once the period has ended, from its last millisecond on", () => {
    expect(canCancel(plan(), atEnd)).toEqual({ ok: false, code: "PLAN_ENDED" });
    expect(canCancel(plan(), after)).toEqual({ ok: false, code: "PLAN_ENDED" });
    // Ended wins over "already cancelled": there is nothing left to undo or confirm.
    expect(canCancel(plan({ cancelAtPeriodEnd: true }), after)).toEqual({ ok: false, code: "PLAN_ENDED" });
  });

  it.each(["canceled", "incomplete_expired"] as const)(
    "refuses a %s plan even inside its period",
    (status) => {
      expect(canCancel(plan({ status }), before)).toEqual({ ok: false, code: "PLAN_ENDED" });
    },
  );

  it.each(["incomplete", "unpaid", "paused"] as const)(
    "refuses a %s plan, which does not renew",
    (status) => {
      expect(canCancel(plan({ status }), before)).toEqual({ ok: false, code: "PLAN_INACTIVE" });
    },
  );

  it("compares instants, whatever the time zone of the dates", () => {
    const endInRome = new Date("2027-03-14T10:30:00+01:00");
    expect(canCancel(plan({ currentPeriodEnd: endInRome }), new Date("2027-03-14T09:29:00Z")).ok).toBe(true);
    expect(canCancel(plan({ currentPeriodEnd: endInRome }), new Date("2027-03-14T04:30:00-05:00")).ok).toBe(
      false,
    );
  });
});

describe("canResume", () => {
  it("allows a plan set to end while its period lasts", () => {
    expect(canResume(plan({ cancelAtPeriodEnd: true }), before)).toEqual({ ok: true });
    expect(canResume(plan({ cancelAtPeriodEnd: true, status: "past_due" }), before)).toEqual({ ok: true });
  });

  it("refuses a plan that is not set to end", () => {
    expect(canResume(plan(), before)).toEqual({ ok: false, code: "NOT_CANCELLED" });
  });

  it("refuses once the period has ended or Stripe ended the plan", () => {
    expect(canResume(plan({ cancelAtPeriodEnd: true }), atEnd)).toEqual({ ok: false, code: "PLAN_ENDED" });
    expect(canResume(plan({ cancelAtPeriodEnd: true, status: "canceled" }), before)).toEqual({
      ok: false,
      code: "PLAN_ENDED",
    });
  });
});

describe("hasEnded and availableAction", () => {
  it("offers cancel, then resume, then nothing", () => {
    expect(availableAction(plan(), before)).toBe("cancel");
    expect(availableAction(plan({ cancelAtPeriodEnd: true }), before)).toBe("resume");
    expect(availableAction(plan({ cancelAtPeriodEnd: true }), after)).toBeNull();
    expect(availableAction(plan({ status: "unpaid" }), before)).toBeNull();
    expect(hasEnded(plan(), before)).toBe(false);
    expect(hasEnded(plan(), atEnd)).toBe(true);
  });

  it("reads as renewing, set to end, overdue, inactive or ended", () => {
    expect(planState(plan(), before)).toBe("renewing");
    expect(planState(plan({ status: "trialing" }), before)).toBe("renewing");
    expect(planState(plan({ cancelAtPeriodEnd: true, status: "past_due" }), before)).toBe("cancelling");
    expect(planState(plan({ status: "past_due" }), before)).toBe("pastDue");
    expect(planState(plan({ status: "paused" }), before)).toBe("inactive");
    expect(planState(plan({ cancelAtPeriodEnd: true }), atEnd)).toBe("ended");
    expect(planState(plan({ status: "canceled" }), before)).toBe("ended");
  });
});

describe("idempotencyKeyOf", () => {
  const id = "5b0f3c1e-8d7a-4a4b-9a57-3f1d2c6b7e10";

  it("is the same for a repeated step and differs for every later step", () => {
    expect(idempotencyKeyOf("cancel", id, 0)).toBe(idempotencyKeyOf("cancel", id, 0));
    const cancelResumeCancel = [
      idempotencyKeyOf("cancel", id, 0),
      idempotencyKeyOf("resume", id, 1),
      idempotencyKeyOf("cancel", id, 2),
    ];
    expect(new Set(cancelResumeCancel).size).toBe(3);
    expect(idempotencyKeyOf("cancel", id, 0)).not.toBe(idempotencyKeyOf("resume", id, 0));
  });

  it("fits Stripe's 255-character limit", () => {
    expect(idempotencyKeyOf("resume", id, 1_000_000).length).toBeLessThanOrEqual(255);
  });
});
