import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  ALL_CONSUMERS,
  ALL_ENDPOINTS,
  ConsumerDefinition,
  EmptyBody,
  eventCatalogue,
  internal,
  PingReply,
  selectEvents,
  serviceContract,
  SERVICES,
} from '@sf/contracts';
import { subjectMismatches } from '@sf/messaging';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.spec.ts') ? [full] : [];
  });
}

/** The README's event table, as the declarations say it should read. */
export function eventTable(): string[] {
  const consumes = (service: string) =>
    ALL_CONSUMERS.filter((c) => c.service === service)
      .map((c: ConsumerDefinition) => `\`${c.reads.subject.replace(/^events\./, '')}\` (${c.summary})`)
      .join(', ');
  const apps = [...SERVICES.map((s) => s.name), 'gateway'];
  return [
    '| service | publishes | consumes |',
    '|---|---|---|',
    ...apps.map((name) => {
      const events = SERVICES.find((s) => s.name === name)?.events;
      const publishes = events
        ? Object.keys(events.types)
            .map((t) => `\`${t}\``)
            .join(', ')
        : '';
      return `| ${name} | ${publishes} | ${consumes(name)} |`;
    }),
  ];
}

describe('the contracts: every message that crosses a process declared once', () => {
  it('names every subject once: an endpoint or an internal call, never two of them', () => {
    const owners = new Map<string, string[]>();
    for (const service of SERVICES) {
      for (const e of service.endpoints) {
        // A dedicated gateway route sends its endpoint's request as an internal call of the same subject.
        if (e.servedBy && service.internals.some((i) => i.subject === e.subject)) continue;
        owners.set(e.subject, [...(owners.get(e.subject) ?? []), `${e.method} ${e.path}`]);
      }
      for (const i of service.internals) owners.set(i.subject, [...(owners.get(i.subject) ?? []), 'internal']);
    }
    expect([...owners].filter(([, by]) => by.length > 1)).toEqual([]);
  });

  it('serves every declared endpoint from the service its subject names', () => {
    const names = SERVICES.map((s) => s.name);
    expect(ALL_ENDPOINTS.filter((e) => !names.includes(e.subject.split('.')[0]))).toEqual([]);
    expect(ALL_ENDPOINTS.length).toBe(SERVICES.reduce((n, s) => n + s.endpoints.length, 0));
  });

  it('declares a class for the path parameters of every endpoint that has some', () => {
    // Services validate the whole message with the declaration's classes: undeclared parameters would not reach them.
    const routes = ALL_ENDPOINTS.filter((e) => [e.path, ...(e.aliases ?? []).map((a) => a.path)].some((p) => p.includes(':')));
    expect(routes.filter((e) => !e.params).map((e) => `${e.method} ${e.path}`)).toEqual([]);
  });

  it('refuses a contract whose declarations name another service', () => {
    const stray = internal({ subject: 'payment.things.do', request: EmptyBody, response: PingReply, summary: 'x' });
    expect(() => serviceContract('storage', [{ stray }])).toThrow('payment.things.do is not under storage.');
    const events = eventCatalogue<{ 'a.b': { n: number } }>('payment', { 'a.b': 'x' });
    expect(() => serviceContract('storage', [{ events }])).toThrow('events of payment declared in storage');
  });

  it('selects events by pattern and refuses a pattern that selects nothing', () => {
    const events = eventCatalogue<{ 'a.one': object; 'a.two': object; 'b.one': object }>('svc', {
      'a.one': 'x',
      'a.two': 'x',
      'b.one': 'x',
    });
    expect(selectEvents(events, 'a.>')).toMatchObject({ subject: 'events.svc.a.>', types: ['a.one', 'a.two'] });
    expect(selectEvents(events, 'b.one').types).toEqual(['b.one']);
    expect(() => selectEvents(events, 'c.>' as 'a.>')).toThrow('no svc event matches c.>');
  });

  it('finds a declared subject without a handler, and a handler nobody declared', () => {
    const storage = SERVICES.find((s) => s.name === 'storage')!;
    const declared = [...new Set([...storage.endpoints.map((e) => e.subject), ...storage.internals.map((i) => i.subject)])];
    expect(subjectMismatches('storage', declared)).toEqual([]);
    expect(
      subjectMismatches(
        'storage',
        declared.filter((s) => s !== 'storage.files.resolve'),
      ),
    ).toEqual(['no handler answers storage.files.resolve']);
    expect(subjectMismatches('storage', [...declared, 'storage.files.shred'])).toEqual([
      'a handler answers storage.files.shred, which no declaration names',
    ]);
  });

  it('binds every message handler through @Handles, so each message is validated by its declaration', () => {
    const raw = sourceFiles(path.join(ROOT, 'apps')).filter((f) => /@MessagePattern\(|@EventPattern\(/.test(readFileSync(f, 'utf8')));
    expect(raw.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it("keeps the README's event table as the declarations say", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
    const start = readme.indexOf('| service | publishes | consumes |');
    const table = readme.slice(start, start + eventTable().length);
    expect(table.join('\n')).toBe(eventTable().join('\n'));
  });
});
