// Fuzzing every operation of the OpenAPI document (fast-check): bodies, queries and path ids,
// valid-looking and hostile, sent as the owner, anonymously and with a tampered token. Checks as
// Schemathesis's defaults: no 5xx, no hang, only documented statuses, the contract's envelope on
// every error. Every case comes from a printed seed, and a failure shrinks to a minimal one.
import fc from 'fast-check';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an OpenAPI document is read as loose JSON
type Json = Record<string, any>;

export interface Operation {
  method: string;
  path: string;
  operation: Json;
}

export type Caller = 'owner' | 'anonymous' | 'tampered';

export interface FuzzCase {
  caller: Caller;
  path: string;
  query: Record<string, string>;
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; contentType: string; text: string } | { kind: 'none' };
}

export interface Finding {
  operation: string;
  problem: string;
  request: string;
  seed: number;
  counterexample: string;
}

export interface FuzzReport {
  operations: number;
  cases: number;
  findings: Finding[];
}

const HANG_MS = 10_000;

/** Operations worth fuzzing: JSON routes under /api (uploads are multipart, redirects leave the API). */
export function operationsOf(document: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(document.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, operation] of Object.entries<Json>(item)) {
      const multipart = operation.requestBody?.content?.['multipart/form-data'];
      if (multipart) continue;
      out.push({ method: method.toUpperCase(), path, operation });
    }
  }
  return out;
}

// Strings a careless or hostile client sends.
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'x\u0000y',
    '\ud800',
    'a\udc00b',
    '😀',
    '김민준',
    '../../etc/passwd',
    '%00',
    "' OR 1=1 --",
    '<script>',
    '__proto__',
  ),
  fc.constant('A'.repeat(100_000)),
  fc.integer().map(String),
  fc.uuid(),
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constant('__proto__'), fc.constant('constructor')), tie('value'), {
      maxKeys: 3,
    }),
  ),
})).value;

/** 200 levels of nesting: deeper than any declared shape. */
const deepNesting = fc.constant(Array.from({ length: 200 }).reduce<unknown>((inner) => ({ a: inner }), 1));

function resolve(document: Json, schema: Json | undefined): Json | undefined {
  if (!schema?.$ref) return schema;
  return document.components?.schemas?.[String(schema.$ref).split('/').pop() as string];
}

/** Values shaped by a schema (so validation is passed often enough to reach the handlers), or hostile. */
function fromSchema(document: Json, raw: Json | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  if (!schema || depth > 4) return hostileValue;
  const shaped = ((): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'string':
        if (schema.format === 'uuid') return fc.uuid();
        if (schema.format === 'email') return fc.emailAddress();
        if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
        return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 60) });
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000 });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(fromSchema(document, schema.items, depth + 1), { maxLength: 3 });
      case 'object': {
        const properties = Object.entries<Json>(schema.properties ?? {});
        const record = Object.fromEntries(properties.map(([name, prop]) => [name, fromSchema(document, prop, depth + 1)]));
        return fc.record(record, { requiredKeys: schema.required ?? [] });
      }
      default:
        return hostileValue;
    }
  })();
  // Mostly shaped values, sometimes anything.
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: hostileValue });
}

function caseArbitrary(document: Json, op: Operation): fc.Arbitrary<FuzzCase> {
  const parameters: Json[] = op.operation.parameters ?? [];
  const pathValue = fc.oneof(fc.uuid(), fc.constantFrom('abc', '0', '-1', '999999999999', 'x'.repeat(300), '%00', '%F0%9F%98%80'));
  const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const query = fc.record(
    Object.fromEntries(
      parameters
        .filter((p) => p.in === 'query')
        .map((p) => [
          p.name as string,
          fc.oneof(fromSchema(document, p.schema), hostileString).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
        ]),
    ),
    { requiredKeys: [] },
  );
  const bodySchema = op.operation.requestBody?.content?.['application/json']?.schema;
  const body: fc.Arbitrary<FuzzCase['body']> =
    op.method === 'GET' || op.method === 'DELETE'
      ? fc.constant({ kind: 'none' as const })
      : fc.oneof(
          { weight: 6, arbitrary: fromSchema(document, bodySchema).map((value) => ({ kind: 'json' as const, value })) },
          { weight: 1, arbitrary: deepNesting.map((value) => ({ kind: 'json' as const, value })) },
          {
            weight: 1,
            arbitrary: fc.record({
              kind: fc.constant('raw' as const),
              contentType: fc.constantFrom('text/plain', 'application/xml', 'application/json', 'application/x-www-form-urlencoded'),
              text: fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('{', '{"a":', '[1,2', '\u0000', 'null', '"str"')),
            }),
          },
        );
  return fc.record({
    caller: fc.constantFrom<Caller>('owner', 'anonymous', 'tampered'),
    path: fc
      .tuple(...pathNames.map(() => pathValue))
      .map((values) => pathNames.reduce((path, name, i) => path.replace(`{${name}}`, encodeURIComponent(values[i])), op.path)),
    query: query as fc.Arbitrary<Record<string, string>>,
    body,
  });
}

export interface Credentials {
  /** A fresh owner's token for this operation (some operations end the session they are called with). */
  ownerToken(): Promise<string>;
}

/** A bearer token with one signature character changed. */
function tampered(token: string): string {
  const last = token.at(-2) === 'A' ? 'B' : 'A';
  return `${token.slice(0, -2)}${last}${token.at(-1)}`;
}

async function send(baseUrl: string, op: Operation, c: FuzzCase, token: string | null): Promise<{ status: number; text: string }> {
  const url = new URL(c.path, baseUrl);
  for (const [key, value] of Object.entries(c.query)) url.searchParams.set(key, value);
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${c.caller === 'tampered' ? tampered(token) : token}`;
  let body: string | undefined;
  if (c.body.kind === 'json') {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(c.body.value) ?? 'null';
  } else if (c.body.kind === 'raw') {
    headers['Content-Type'] = c.body.contentType;
    body = c.body.text;
  }
  const response = await fetch(url, { method: op.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(HANG_MS) });
  return { status: response.status, text: await response.text() };
}

/** What is wrong with an answer, or null. */
function problemOf(op: Operation, status: number, text: string): string | null {
  if (status >= 500) return `answered ${status}`;
  const documented = Object.keys(op.operation.responses ?? {});
  if (!documented.includes(String(status))) return `answered ${status}, not among the documented ${documented.join(', ')}`;
  if (status >= 400) {
    let parsed: Json | undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      return `answered ${status} with a body that is not JSON`;
    }
    const error = parsed?.error;
    if (
      typeof error?.code !== 'string' ||
      typeof error?.message !== 'string' ||
      !('details' in error) ||
      typeof parsed?.meta?.request_id !== 'string'
    )
      return `answered ${status} outside the error envelope`;
    if (/\bat \S+ \(|node_modules|SELECT |INSERT INTO|QueryFailedError/.test(text))
      return `answered ${status} with a stack or SQL in its body`;
  }
  return null;
}

/**
 * Runs `runs` cases per operation; answers every finding (shrunk, with its seed). A hang (no
 * answer within 10 s) is a finding too.
 */
export async function fuzz(
  document: Json,
  baseUrl: string,
  credentials: Credentials,
  options: { runs: number; seed: number; operations?: Operation[]; log?: (line: string) => void },
): Promise<FuzzReport> {
  const operations = options.operations ?? operationsOf(document);
  const findings: Finding[] = [];
  let cases = 0;
  for (const op of operations) {
    // Per operation, from the run's seed and its name: a replay of one operation gets the same cases.
    const seed = (options.seed + hashOf(`${op.method} ${op.path}`)) | 0;
    const token = await credentials.ownerToken();
    const result = await fc.check(
      fc.asyncProperty(caseArbitrary(document, op), async (c) => {
        cases += 1;
        let answer: { status: number; text: string };
        try {
          answer = await send(baseUrl, op, c, c.caller === 'anonymous' ? null : token);
        } catch (error) {
          throw new Error(
            error instanceof Error && error.name === 'TimeoutError' ? 'no answer within 10 s' : `request failed: ${String(error)}`,
            { cause: error },
          );
        }
        const problem = problemOf(op, answer.status, answer.text);
        if (problem) throw new Error(`${problem}: ${answer.text.slice(0, 300)}`);
      }),
      { numRuns: options.runs, seed, endOnFailure: false, maxSkipsPerRun: 0 },
    );
    if (result.failed) {
      const counterexample = result.counterexample ? JSON.stringify(result.counterexample[0]).slice(0, 1500) : '';
      const problem = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
      findings.push({ operation: `${op.method} ${op.path}`, problem, request: counterexample, seed, counterexample });
      options.log?.(`✗ ${op.method} ${op.path} (seed ${seed}): ${problem}\n  ${counterexample}`);
    }
  }
  return { operations: operations.length, cases, findings };
}

function hashOf(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}
