import { en, type MessageKey } from './en';
import { ja } from './ja';

export type Language = 'en' | 'ja';

const catalogues: Record<Language, Record<MessageKey, string>> = { en, ja };

/** 'ja', 'ja_JP', 'ja-JP' -> ja; everything else English. */
export function languageOf(locale: string | null | undefined): Language {
  return locale && /^ja([_-]|$)/i.test(locale) ? 'ja' : 'en';
}

export function t(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalogues[language][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type { MessageKey };
