import { canonicalCategory, REVIEW_CATEGORY_NAMES } from '@sf/contracts';

/** The first amount in a text such as `50,000원 상당` or `포인트 30,000P`, in KRW; 0 when none. */
export function parseKrw(text: string): number {
  const match = /(\d[\d,]*)\s*(?:원|P|p|KRW)?/.exec(text);
  if (!match) return 0;
  const value = Number(match[1].replace(/,/g, ''));
  return Number.isSafeInteger(value) ? value : 0;
}

/** The first whole number in a text (`모집 10명`), or null. */
export function parseCount(text: string | undefined): number | null {
  const match = /(\d[\d,]*)/.exec(text ?? '');
  return match ? Number(match[1].replace(/,/g, '')) : null;
}

/** A platform's category label (Korean or English) mapped onto review's categories; `Other` when unknown. */
export function mapCategory(label: string): string {
  const mapped = canonicalCategory(label.trim());
  return typeof mapped === 'string' && (REVIEW_CATEGORY_NAMES as string[]).includes(mapped) ? mapped : 'Other';
}

/** `2031.01.15` or `2031-01-15` as the end of that day in Korea (UTC+9); null when unreadable. */
export function parseKoreanDay(text: string): Date | null {
  const match = /(\d{4})[.-](\d{1,2})[.-](\d{1,2})/.exec(text);
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}T23:59:59+09:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** An ISO date and time (`datetime` attributes), or null. */
export function parseInstant(text: string | undefined): Date | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Resolves a link on a page against the page's URL. */
export function absolute(href: string, pageUrl: string): string {
  return new URL(href, pageUrl).toString();
}
