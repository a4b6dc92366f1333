/** What `{{...}}` placeholders of a step's params read: the trigger, earlier steps' outputs, template params. */
export interface RunScope {
  trigger: { type: string; event_type: string | null; subject: string | null; data: Record<string, unknown> };
  steps: Record<string, { output: Record<string, unknown> | null }>;
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_.-]+)\s*\}\}/g;

/** The value at a dotted path (`steps.summary.output.text`), or undefined. */
export function lookup(scope: unknown, path: string): unknown {
  let value: unknown = scope;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A string with each placeholder replaced by what it names (nothing, when it names nothing). */
export function fill(text: string, scope: RunScope): string {
  return text.replace(PLACEHOLDER, (_whole, path: string) => asText(lookup(scope, path)));
}

/** Params with every string (nested ones too) filled in; numbers, booleans and keys untouched. */
export function fillParams<T>(value: T, scope: RunScope): T {
  if (typeof value === 'string') return fill(value, scope) as T;
  if (Array.isArray(value)) return value.map((v) => fillParams(v, scope)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fillParams(v, scope)])) as T;
  }
  return value;
}

/** `{{params.<name>}}` of a template replaced by the caller's values (a template's own placeholders stay). */
export function fillTemplateParams<T>(value: T, params: Record<string, string>): T {
  if (typeof value === 'string') {
    return value.replace(/\{\{\s*params\.([a-z0-9_]+)\s*\}\}/g, (_w, name: string) => params[name] ?? '') as T;
  }
  if (Array.isArray(value)) return value.map((v) => fillTemplateParams(v, params)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fillTemplateParams(v, params)])) as T;
  }
  return value;
}
