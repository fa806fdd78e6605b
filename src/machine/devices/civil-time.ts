// Calendar arithmetic for the RTC: seconds since 1970-01-01 (UTC, no leap seconds) to and from
// a broken-down date. Years run from 1970 to 2169, the range a BCD century and year can show.

export interface CivilTime {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday */
  weekday: number;
}

const DAY = 86_400;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysIn(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1];
}

export function secondsToCivil(seconds: number): CivilTime {
  let days = Math.floor(seconds / DAY);
  const rest = seconds - days * DAY;
  const weekday = (days + 4) % 7; // 1970-01-01 was a Thursday
  let year = 1970;
  while (days >= (isLeap(year) ? 366 : 365)) days -= isLeap(year++) ? 366 : 365;
  let month = 1;
  while (days >= daysIn(year, month)) days -= daysIn(year, month++);
  return {
    year, month, day: days + 1, weekday,
    hour: Math.floor(rest / 3600), minute: Math.floor(rest / 60) % 60, second: rest % 60,
  };
}

/** Out-of-range fields (a guest may write anything) are clamped into the calendar. */
export function civilToSeconds(t: CivilTime): number {
  const year = Math.min(Math.max(t.year, 1970), 2169);
  const month = Math.min(Math.max(t.month, 1), 12);
  let days = Math.min(Math.max(t.day, 1), daysIn(year, month)) - 1;
  for (let y = 1970; y < year; y++) days += isLeap(y) ? 366 : 365;
  for (let m = 1; m < month; m++) days += daysIn(year, m);
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  return days * DAY + clamp(t.hour, 23) * 3600 + clamp(t.minute, 59) * 60 + clamp(t.second, 59);
}
