// Wall-clock arithmetic in a named time zone, for Utilities.formatDate and for strings typed into
// cells ("2024-01-02" means midnight in the SPREADSHEET's time zone). Intl does the zone rules; Java's
// fixed "GMT+09:00" style, which Apps Script also accepts, is handled by hand.

export interface WallClock {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number; // 0 = Sunday
  offsetMinutes: number;
}

function fixedOffsetMinutes(timeZone: string): number | undefined {
  const match = /^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i.exec(timeZone.trim());
  if (!match) return undefined;
  if (!match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === '-' ? -minutes : minutes;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Minutes east of UTC that the zone is at the given instant. */
export function offsetAt(ms: number, timeZone: string): number {
  const fixed = fixedOffsetMinutes(timeZone);
  if (fixed !== undefined) return fixed;
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(
    parts.year as number,
    (parts.month as number) - 1,
    parts.day as number,
    parts.hour as number,
    parts.minute as number,
    parts.second as number,
  );
  return Math.round((asUtc - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000);
}

export function wallClock(ms: number, timeZone: string): WallClock {
  const offsetMinutes = offsetAt(ms, timeZone);
  const shifted = new Date(ms + offsetMinutes * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
    weekday: shifted.getUTCDay(),
    offsetMinutes,
  };
}

/** The instant at which the zone's wall clock shows the given time (two passes settle DST edges). */
export function fromWallClock(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  const first = guess - offsetAt(guess, timeZone) * 60_000;
  return guess - offsetAt(first, timeZone) * 60_000;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function offsetText(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}${colon ? ':' : ''}${pad(abs % 60, 2)}`;
}

/**
 * java.text.SimpleDateFormat patterns, the ones Utilities.formatDate takes (its reference links
 * SimpleDateFormat): y M d E H h m s S a Z X and 'quoted text'. Enough for logs and ISO stamps.
 */
export function formatPattern(ms: number, timeZone: string, pattern: string): string {
  const t = wallClock(ms, timeZone);
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i] as string;
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      const literal = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      out += literal === '' ? "'" : literal;
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    i += n;
    out += field(ch, n, t);
  }
  return out;
}

function field(ch: string, n: number, t: WallClock): string {
  switch (ch) {
    case 'y':
      return n === 2 ? pad(t.year % 100, 2) : pad(t.year, n);
    case 'M':
      if (n >= 4) return MONTHS[t.month - 1] as string;
      if (n === 3) return (MONTHS[t.month - 1] as string).slice(0, 3);
      return pad(t.month, n);
    case 'd':
      return pad(t.day, n);
    case 'E':
      return n >= 4 ? (DAYS[t.weekday] as string) : (DAYS[t.weekday] as string).slice(0, 3);
    case 'H':
      return pad(t.hour, n);
    case 'h':
      return pad(t.hour % 12 === 0 ? 12 : t.hour % 12, n);
    case 'm':
      return pad(t.minute, n);
    case 's':
      return pad(t.second, n);
    case 'S':
      return pad(t.millisecond, 3).slice(0, Math.max(n, 3)).padEnd(n, '0');
    case 'a':
      return t.hour < 12 ? 'AM' : 'PM';
    case 'Z':
      return offsetText(t.offsetMinutes, false);
    case 'X':
      if (t.offsetMinutes === 0) return 'Z';
      return n === 1 ? offsetText(t.offsetMinutes, false).slice(0, 3) : offsetText(t.offsetMinutes, n >= 3);
    case 'z':
      return `GMT${offsetText(t.offsetMinutes, true)}`;
    default:
      throw new Error(`Illegal pattern character '${ch}'`);
  }
}
