import { connect } from '@nats-io/transport-node';
import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL } from '@sf/config';
import { render } from './k8s-policy';

/*
 * One supported range per dependency, named alike in docker-compose.yml, k8s/ and the README,
 * and holding what the tests run on (the code uses nothing newer than the oldest version).
 */

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

type Version = number[];
interface Range {
  name: string;
  text: string;
  min: Version;
  below: Version;
}
const SUPPORTED: Record<'postgres' | 'nats', Range> = {
  postgres: { name: 'PostgreSQL', text: 'PostgreSQL >=15 <18', min: [15], below: [18] },
  nats: { name: 'nats-server', text: 'nats-server >=2.9 <3', min: [2, 9], below: [3] },
};

function compare(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}
const within = (version: Version, range: Range) => compare(version, range.min) >= 0 && compare(version, range.below) < 0;
const parseVersion = (text: string): Version => text.split('.').map(Number);

/** The version an image tag names (`postgres:15`, `nats:2.9-alpine`), or null without one. */
function imageVersion(image: string): Version | null {
  const tag = /:(\d+(?:\.\d+)*)/.exec(image);
  return tag ? parseVersion(tag[1]) : null;
}

/** What is wrong with the Postgres and NATS images of a compose file. */
function composeVersionProblems(compose: { services: Record<string, { image?: string }> }): string[] {
  const problems: string[] = [];
  for (const [service, range] of [
    ['postgres', SUPPORTED.postgres],
    ['nats', SUPPORTED.nats],
  ] as const) {
    const image = compose.services[service]?.image ?? '';
    const version = imageVersion(image);
    if (!version || !within(version, range)) problems.push(`${service}: ${image} is outside ${range.text}`);
  }
  return problems;
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { image?: string }> };

describe('supported versions of Postgres and NATS', () => {
  it('holds what the tests run on: the local Postgres and nats-server', async () => {
    const url = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
    url.pathname = '/postgres'; // the server's version, whether or not the project database exists yet
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    await client.end();
    const postgres = [Math.floor(Number(rows[0].v) / 10000), Number(rows[0].v) % 10000];
    const nc = await connect({ servers: process.env.NATS_URL ?? DEFAULT_NATS_URL });
    const nats = parseVersion(nc.info!.version);
    await nc.close();
    expect({ postgres, within: within(postgres, SUPPORTED.postgres) }).toEqual({ postgres, within: true });
    expect({ nats, within: within(nats, SUPPORTED.nats) }).toEqual({ nats, within: true });
  });

  it('is named in docker-compose.yml, whose images are inside it', () => {
    for (const range of Object.values(SUPPORTED)) expect(read('docker-compose.yml')).toContain(range.text);
    expect(composeVersionProblems(compose)).toEqual([]);
  });

  it('fails for a compose image outside the range', () => {
    const older = structuredClone(compose);
    older.services.postgres.image = 'postgres:14';
    older.services.nats.image = 'nats:2.8-alpine';
    expect(composeVersionProblems(older)).toEqual([
      'postgres: postgres:14 is outside PostgreSQL >=15 <18',
      'nats: nats:2.8-alpine is outside nats-server >=2.9 <3',
    ]);
    const newer = structuredClone(compose);
    newer.services.postgres.image = 'postgres:18';
    expect(composeVersionProblems(newer)).toEqual(['postgres: postgres:18 is outside PostgreSQL >=15 <18']);
  });

  it.each(['overlays/dev', 'overlays/prod'])('is what k8s/%s requires of the external Postgres and NATS', (overlay) => {
    const requires = (name: string) =>
      render(overlay).find((o) => o.kind === 'Service' && o.metadata.name === name)?.metadata.annotations?.['softfactory/requires'] ?? '';
    expect(requires('postgres')).toContain(SUPPORTED.postgres.text);
    expect(requires('nats')).toContain(SUPPORTED.nats.text);
  });

  it('is named in the README', () => {
    for (const range of Object.values(SUPPORTED)) expect(read('README.md')).toContain(range.text);
  });
});

describe('docker-compose.yml', () => {
  // schema/compose-spec.json of github.com/compose-spec/compose-spec (Apache-2.0), 2026-06-23.
  const schema = JSON.parse(read('test/infra/compose-spec.json')) as Record<string, unknown>;
  delete schema.$schema; // draft-07, Ajv's default; its https spelling is not registered
  const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

  it('is valid against the Compose Specification schema', () => {
    const valid = validate(compose);
    expect({ valid, errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
  });

  it('fails the schema with a misspelt key', () => {
    const broken = structuredClone(compose) as { services: Record<string, Record<string, unknown>> };
    broken.services.gateway.healthchek = broken.services.gateway.healthcheck;
    expect(validate(broken)).toBe(false);
  });
});
