// `npm run openapi [file]`: writes the OpenAPI document the gateway serves (production: no demo
// routes) from the endpoint declarations, without starting anything. The committed openapi.json
// is checked against it by test/infra/openapi-document.spec.ts, and the SDKs are generated from it.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_ENDPOINTS } from '@sf/contracts';
import { API_VERSION, buildOpenApiDocument } from '../apps/gateway/src/openapi/openapi-document';

/** The document as committed: two-space JSON with a final newline. */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(buildOpenApiDocument(ALL_ENDPOINTS, { demoMode: false, version: API_VERSION }), null, 2)}\n`;
}

if (require.main === module) {
  const file = resolve(process.argv[2] ?? 'openapi.json');
  writeFileSync(file, renderOpenApiDocument());
  process.stdout.write(`wrote ${file}\n`);
}
