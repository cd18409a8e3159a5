/** Numbers and durations in the user's language. */
import { type Language, t } from '../../i18n';

export function formatCount(language: Language, value: number): string {
  return new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US').format(value);
}

/** "1 min 5 s" / "1分5秒": whole seconds, rounded up so that a little time left never reads as 0 s. */
export function formatDuration(language: Language, ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t(language, 'sidebar.duration.hours', { h, m });
  if (m > 0) return t(language, 'sidebar.duration.minutes', { m, s });
  return t(language, 'sidebar.duration.seconds', { s });
}
