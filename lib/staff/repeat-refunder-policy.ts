/**
 * A repeat refunder: a customer with at least `refunds` refunds in the last `months` months. The
 * threshold is a setting (REPEAT_REFUNDER_REFUNDS, REPEAT_REFUNDER_MONTHS); the console flags them
 * in the lookup and the queue, and decides nothing by it.
 */
export type TRepeatRefunder = { refunds: number; months: number };

export const DEFAULT_REPEAT_REFUNDER: TRepeatRefunder = { refunds: 3, months: 12 };

/** The start of the counting period: the same day and time `months` calendar months back, in UTC. */
export function repeatRefunderSince(now: Date, months: number): Date {
  const since = new Date(now);
  const day = since.getUTCDate();
  since.setUTCDate(1);
  since.setUTCMonth(since.getUTCMonth() - months);
  // 31 March minus one month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth() + 1, 0)).getUTCDate();
  since.setUTCDate(Math.min(day, lastDay));
  return since;
}

export function isRepeatRefunder(recentRefunds: number, setting: TRepeatRefunder): boolean {
  return recentRefunds >= setting.refunds;
}
