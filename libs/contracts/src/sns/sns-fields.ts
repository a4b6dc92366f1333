import { Transform } from 'class-transformer';
import { Matches, MaxLength } from 'class-validator';

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

/** Each value an http(s) URL or the id of an uploaded file (a UUID). */
export function IsImageRefEach(): PropertyDecorator {
  return (target, key) => {
    MaxLength(2048, { each: true })(target, key);
    Matches(/^(?:https?:\/\/[^\s]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
      each: true,
      message: 'each value of $property must be an http(s) URL or the id of an uploaded file',
    })(target, key);
  };
}
