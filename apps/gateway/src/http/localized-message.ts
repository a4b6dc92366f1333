import { LANGUAGE_CODES, REFERENCE_LANGUAGE, SHIPPED_STRINGS } from '@sf/contracts';

interface Template {
  key: string;
  pattern: RegExp;
  names: string[];
}

/** The English error messages as patterns (`{resource} not found` matches `Recipe not found`), exact ones first. */
const TEMPLATES: Template[] = Object.entries(SHIPPED_STRINGS[REFERENCE_LANGUAGE])
  .filter(([key]) => key.startsWith('errors.'))
  .map(([key, text]) => {
    const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const source = text
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('(.+?)');
    return { key, pattern: new RegExp(`^${source}$`), names };
  })
  // Exact messages before patterns: `Route not found` is its own string, not `{resource} not found`.
  .sort((a, b) => a.names.length - b.names.length);

/** The languages of an `Accept-Language` header that the platform serves, most preferred first. */
export function acceptedLanguages(header: string | string[] | undefined): string[] {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return [];
  return value
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { language: tag.trim().toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((l) => l.weight > 0 && (LANGUAGE_CODES as readonly string[]).includes(l.language))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((l) => l.language);
}

/**
 * An error message in the caller's language, where the platform ships a translation of it; the
 * message as it is otherwise (English, or a message no string covers). Values in it (a resource,
 * a product) are carried over as they are.
 */
export function localizedMessage(message: string, acceptLanguage: string | string[] | undefined): string {
  const languages = acceptedLanguages(acceptLanguage);
  if (languages.length === 0 || languages[0] === REFERENCE_LANGUAGE) return message;
  for (const template of TEMPLATES) {
    const match = template.pattern.exec(message);
    if (!match) continue;
    for (const language of languages) {
      if (language === REFERENCE_LANGUAGE) return message;
      const translated = (SHIPPED_STRINGS as Record<string, Record<string, string>>)[language]?.[template.key];
      if (translated) return template.names.reduce((text, name, i) => text.replace(`{${name}}`, match[i + 1]), translated);
    }
    return message;
  }
  return message;
}
