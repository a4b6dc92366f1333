import { ALL_ENDPOINTS } from '@sf/contracts';
for (const e of ALL_ENDPOINTS) {
  const paths = [e.path, ...(e.aliases ?? []).map((a) => a.path)];
  if (paths.some((p) => p.includes(':')) && !e.params) console.log('no params class', e.method, e.path);
}
console.log(ALL_ENDPOINTS.length);
