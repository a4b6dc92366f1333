/** A decoded form value: Stripe's bracket notation (`a[b][0][c]=v`) as nested objects and arrays. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

function setPath(target: FormObject, keys: string[], value: string): void {
  let node: FormObject | FormValue[] = target;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const last = i === keys.length - 1;
    const nextIsIndex = !last && /^\d*$/.test(keys[i + 1]);
    if (Array.isArray(node)) {
      const index = key === '' ? node.length : Number(key);
      if (last) node[index] = value;
      else {
        node[index] ??= nextIsIndex ? [] : {};
        node = node[index] as FormObject | FormValue[];
      }
    } else {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') return;
      if (last) node[key] = value;
      else {
        const existing: FormValue | undefined = node[key];
        if (existing === undefined || typeof existing === 'string') node[key] = nextIsIndex ? [] : {};
        node = node[key] as FormObject | FormValue[];
      }
    }
  }
}

/** Decodes `application/x-www-form-urlencoded` (also a query string) the way Stripe reads it. */
export function decodeForm(text: string): FormObject {
  const out: FormObject = {};
  if (!text) return out;
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    const value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!match) continue;
    const keys = [match[1], ...[...match[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1])];
    setPath(out, keys, value);
  }
  // Sparse arrays (indices given out of order) become dense.
  const densify = (value: FormValue): FormValue =>
    Array.isArray(value)
      ? value.filter((v) => v !== undefined).map(densify)
      : typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, densify(v)]))
        : value;
  return densify(out) as FormObject;
}
