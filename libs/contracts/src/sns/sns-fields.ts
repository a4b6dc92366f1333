import { Transform } from 'class-transformer';

/** The platforms an account can be connected on; `x` is accepted for `twitter`. */
export const SNS_PLATFORMS = ['instagram', 'twitter', 'tiktok', 'youtube', 'linkedin'] as const;
export type SnsPlatform = (typeof SNS_PLATFORMS)[number];

/** Lower-cases a platform name and reads `x` as `twitter`, before it is validated. */
export function PlatformName(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => normalizePlatform(value));
}

export function normalizePlatform(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizePlatform);
  if (typeof value !== 'string') return value;
  const name = value.trim().toLowerCase();
  return name === 'x' ? 'twitter' : name;
}
