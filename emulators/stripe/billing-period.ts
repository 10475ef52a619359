// Billing interval arithmetic in UTC, anchored like Stripe (Jan 31 + 1 month = Feb 28/29, then Mar 31).
import type Stripe from "stripe";

type Interval = Stripe.Price.Recurring.Interval;

function addMonthsClamped(ts: number, months: number): number {
  const d = new Date(ts * 1000);
  const day = d.getUTCDate();
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

/** `anchor` moved forward by `n` intervals. */
export function addIntervals(anchor: number, interval: Interval, n: number): number {
  switch (interval) {
    case "day":
      return anchor + 86_400 * n;
    case "week":
      return anchor + 604_800 * n;
    case "month":
      return addMonthsClamped(anchor, n);
    case "year":
      return addMonthsClamped(anchor, 12 * n);
    default:
      return addMonthsClamped(anchor, n);
  }
}

/** The first period boundary after `after`, counting whole periods from the billing cycle anchor. */
export function nextPeriodEnd(
  anchor: number,
  recurring: { interval: Interval; interval_count: number },
  after: number,
): number {
  let k = 1;
  let end = addIntervals(anchor, recurring.interval, recurring.interval_count);
  while (end <= after) {
    k += 1;
    end = addIntervals(anchor, recurring.interval, recurring.interval_count * k);
  }
  return end;
}

export function formatDay(ts: number): string {
  return new Date(ts * 1000).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}
