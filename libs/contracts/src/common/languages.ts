/** The languages served, with English the reference every other is measured against. */
export const LANGUAGES = [
  { code: 'ko', name: 'Korean', native_name: '한국어', flag_emoji: '🇰🇷' },
  { code: 'en', name: 'English', native_name: 'English', flag_emoji: '🇺🇸' },
  { code: 'ja', name: 'Japanese', native_name: '日本語', flag_emoji: '🇯🇵' },
  { code: 'zh', name: 'Chinese', native_name: '中文', flag_emoji: '🇨🇳' },
] as const;
export const LANGUAGE_CODES = LANGUAGES.map((l) => l.code);
export type LanguageCode = (typeof LANGUAGES)[number]['code'];
