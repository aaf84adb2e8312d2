/**
 * Plan years and covered days on `YYYY-MM-DD` dates, by whole-day arithmetic in UTC (a date has no
 * time zone here: it is the calendar day printed on the receipt).
 */

const dayMs = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export const dayNumber = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / dayMs;

/** The `YYYY-MM-DD` date of a day number. */
export const dateOfDay = (day: number): string => new Date(day * dayMs).toISOString().slice(0, 10);

/** `MM-DD` that is a real day in every year: 02-29 is refused, since most years have no such day to start on. */
export const planYearStartPattern = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isPlanYearStart(text: string): boolean {
  if (!planYearStartPattern.test(text) || text === "02-29") return false;
  // 2023 is not a leap year: a day that exists in it exists in every year.
  return dateOfDay(dayNumber(`2023-${text}`)) === `2023-${text}`;
}

export interface PlanYear {
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day (inclusive). */
  to: string;
  /** 365 or 366. */
  days: number;
}

/** The plan year (starting every year on `start`, `MM-DD`) that contains `date`. */
export function planYearOf(start: string, date: string): PlanYear {
  const year = Number(date.slice(0, 4));
  const first = `${year}-${start}` <= date ? year : year - 1;
  const from = `${String(first).padStart(4, "0")}-${start}`;
  const next = dayNumber(`${String(first + 1).padStart(4, "0")}-${start}`);
  return { from, to: dateOfDay(next - 1), days: next - dayNumber(from) };
}

export interface Period {
  from: string;
  /** Inclusive; null = open-ended. */
  to: string | null;
}

/** Days of `year` inside the periods (which do not overlap: the roster refuses overlaps). */
export function coveredDays(periods: readonly Period[], year: PlanYear): number {
  let days = 0;
  for (const period of periods) {
    const from = Math.max(dayNumber(period.from), dayNumber(year.from));
    const to = Math.min(period.to === null ? Infinity : dayNumber(period.to), dayNumber(year.to));
    if (to >= from) days += to - from + 1;
  }
  return Math.min(days, year.days);
}
