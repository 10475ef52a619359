/**
 * Reasons over time: the period the support console charts (whole ISO weeks, Monday to Sunday, in
 * UTC), read from a GET form, and the weekly counts per reason. Pure functions of their inputs.
 */
const DAY = 86_400_000;
const WEEK = 7 * DAY;
export const MAX_WEEKS = 104;
export const DEFAULT_WEEKS = 12;

/** The Monday 00:00 UTC of the week `at` falls in. */
export function weekStart(at: Date): Date {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(day - weekday * DAY);
}

export type TPeriod = { from: Date; to: Date; weeks: Date[] };

const isoDate = (v: unknown): Date | null => {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const d = new Date(`${v}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v ? null : d;
};

/**
 * The weeks from `from`'s week to `to`'s week, both included (by default the last 12 weeks up to
 * now). A malformed date is the default; reversed dates are swapped; at most 104 weeks, counted
 * back from `to`.
 */
export function periodOf(input: { from?: unknown; to?: unknown }, now: Date): TPeriod {
  let to = weekStart(isoDate(input.to) ?? now);
  let from = weekStart(isoDate(input.from) ?? new Date(to.getTime() - (DEFAULT_WEEKS - 1) * WEEK));
  if (from > to) [from, to] = [to, from];
  const count = Math.min(MAX_WEEKS, Math.round((to.getTime() - from.getTime()) / WEEK) + 1);
  from = new Date(to.getTime() - (count - 1) * WEEK);
  const weeks = Array.from({ length: count }, (_, i) => new Date(from.getTime() + i * WEEK));
  return { from, to: new Date(to.getTime() + WEEK), weeks };
}

export type TSeries = { reason: string; counts: number[]; total: number };

/**
 * Counts per reason and week: one series per reason (most frequent first, then by name), one count
 * per week of the period; events outside the period are left out.
 */
export function weeklySeries(events: { reason: string; at: Date }[], weeks: Date[]): TSeries[] {
  const index = new Map(weeks.map((w, i) => [w.getTime(), i]));
  const byReason = new Map<string, number[]>();
  for (const e of events) {
    const i = index.get(weekStart(e.at).getTime());
    if (i === undefined) continue;
    const counts = byReason.get(e.reason) ?? Array<number>(weeks.length).fill(0);
    counts[i]! += 1;
    byReason.set(e.reason, counts);
  }
  return [...byReason]
    .map(([reason, counts]) => ({ reason, counts, total: counts.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.reason.localeCompare(b.reason));
}

/** The tallest week's total: the chart's scale (at least 1). */
export function weeklyMax(series: TSeries[], weeks: number): number {
  let max = 1;
  for (let i = 0; i < weeks; i++)
    max = Math.max(
      max,
      series.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0),
    );
  return max;
}
