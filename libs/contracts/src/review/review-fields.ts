import { Transform } from 'class-transformer';

/** The platforms listings are gathered from; each has a `ListingSource` adapter in the review service. */
export const LISTING_PLATFORMS = ['revu', 'reviewplace'] as const;
export type ListingPlatform = (typeof LISTING_PLATFORMS)[number];

/** The platforms a reviewer's account lives on (`naver` and `blog` both mean a Naver blog). */
export const ACCOUNT_PLATFORMS = ['naver', 'blog', 'instagram', 'youtube'] as const;
export type AccountPlatform = (typeof ACCOUNT_PLATFORMS)[number];

/** The categories listings and campaigns are filed under; scraped labels are mapped onto these. */
export const REVIEW_CATEGORIES = [
  { slug: 'food', name: 'Food', label_ko: '맛집' },
  { slug: 'beauty', name: 'Beauty', label_ko: '뷰티' },
  { slug: 'fashion', name: 'Fashion', label_ko: '패션' },
  { slug: 'travel', name: 'Travel', label_ko: '여행' },
  { slug: 'living', name: 'Living', label_ko: '생활' },
  { slug: 'tech', name: 'Tech', label_ko: '디지털' },
  { slug: 'kids', name: 'Kids', label_ko: '유아동' },
  { slug: 'pets', name: 'Pets', label_ko: '반려동물' },
  { slug: 'culture', name: 'Culture', label_ko: '문화' },
  { slug: 'other', name: 'Other', label_ko: '기타' },
] as const;
export type ReviewCategory = (typeof REVIEW_CATEGORIES)[number]['name'];
export const REVIEW_CATEGORY_NAMES = REVIEW_CATEGORIES.map((c) => c.name) as ReviewCategory[];

/** A category given by name or slug in any case (`Fashion`, `fashion`); unknown values stay as given. */
export function canonicalCategory(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const key = value.trim().toLowerCase();
  return REVIEW_CATEGORIES.find((c) => c.slug === key || c.name.toLowerCase() === key || c.label_ko === value.trim())?.name ?? value;
}

/** class-transformer hook: normalises a category before `@IsIn(REVIEW_CATEGORY_NAMES)` checks it. */
export const CategoryValue = () => Transform(({ value }) => canonicalCategory(value));
