import { PREVIEW_SIZE } from '@sf/contracts';

/** Everything of one file lives under this prefix: the object and its thumbnail. */
export function filePrefix(userId: string, fileId: string): string {
  return `users/${userId}/${fileId}/`;
}

/**
 * The name a file is shown and stored under: the last path segment of what the client sent
 * (browsers may send `C:\fakepath\x.png`), without control characters, at most 255 characters.
 */
export function displayName(filename: string | null | undefined): string {
  const last = (filename ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || 'file').slice(0, 255);
}

/** A key-safe form of the name (ASCII letters, digits, `.`, `-`, `_`), never starting with `_`. */
function keyName(name: string): string {
  const safe = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '')
    .slice(-100);
  return safe || 'file';
}

export function fileKey(userId: string, fileId: string, name: string): string {
  return `${filePrefix(userId, fileId)}${keyName(name)}`;
}

/** The thumbnail's key; starts with `_`, which no file's own key name does. */
export function previewKey(userId: string, fileId: string): string {
  return `${filePrefix(userId, fileId)}_preview-${PREVIEW_SIZE}x${PREVIEW_SIZE}.webp`;
}

/** Where every user's files live; the sweeper looks for forgotten uploads here. */
export const USERS_PREFIX = 'users/';
