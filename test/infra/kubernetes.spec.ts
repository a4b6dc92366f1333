import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { CLUSTER_APPS, K8sObject, ofKind, parseYaml, policyViolations, render, ROOT } from './k8s-policy';

/*
 * Offline checks of k8s/: each overlay rendered with `kubectl kustomize`, every object validated
 * against the Kubernetes (and Prometheus Operator) schemas, the policies checked on what would
 * be applied, and the alert rules checked by promtool. No cluster is involved.
 */

const OVERLAYS = [
  { overlay: 'overlays/dev', production: false },
  { overlay: 'overlays/prod', production: true },
];
const rendered = new Map(OVERLAYS.map(({ overlay }) => [overlay, render(overlay)]));
const objectsOf = (overlay: string) => structuredClone(rendered.get(overlay)!);

function schemaProblems(objects: K8sObject[]): string[] {
  const output = execFileSync(process.execPath, [path.join(__dirname, 'kubernetes-schemas.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[];
}

const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const container = (objects: K8sObject[], name: string) => find(objects, 'Deployment', name).spec.template.spec.containers[0];

describe.each(OVERLAYS)('k8s/$overlay', ({ overlay, production }) => {
  const objects = rendered.get(overlay)!;

  it('renders every app of the fleet, each from the one template', () => {
    expect(
      ofKind(objects, 'Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(CLUSTER_APPS);
    // One full Deployment in k8s/ (the template, with a selector); per app only patches.
    const yamlFiles = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []));
    const templates = yamlFiles(path.join(ROOT, 'k8s')).filter((file) =>
      parseYaml(fs.readFileSync(file, 'utf8')).some((o) => o.kind === 'Deployment' && o.spec?.selector),
    );
    expect(templates.map((f) => path.relative(ROOT, f))).toEqual(['k8s/base/app/deployment.yaml']);
  });

  it('validates every object against the Kubernetes schemas', () => {
    expect(schemaProblems(objects)).toEqual([]);
  });

  it('passes every policy: probes, limits, PDBs, NetworkPolicies, non-root, release tags, selectors, required config', () => {
    expect(policyViolations(objects, { production })).toEqual([]);
  });

  it('places every object in the softfactory namespace, labelled as part of softfactory, and applies no Secret', () => {
    for (const o of objects) {
      expect({ o: `${o.kind}/${o.metadata.name}`, partOf: o.metadata.labels?.['app.kubernetes.io/part-of'] }).toEqual({
        o: `${o.kind}/${o.metadata.name}`,
        partOf: 'softfactory',
      });
      if (o.kind !== 'Namespace')
        expect({ o: o.metadata.name, ns: o.metadata.namespace }).toEqual({ o: o.metadata.name, ns: 'softfactory' });
    }
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  it('runs migrations in an init container of each service, the only container given the admin URL', () => {
    for (const d of ofKind(objects, 'Deployment')) {
      const pod = d.spec.template.spec;
      const envNames = (c: { env?: Array<{ name: string }> }) => (c.env ?? []).map((v) => v.name);
      for (const c of pod.containers)
        expect({ app: d.metadata.name, admin: envNames(c).includes('DATABASE_URL') }).toEqual({ app: d.metadata.name, admin: false });
      if (d.metadata.name === 'gateway') continue;
      const migrate = (pod.initContainers ?? []).find((c: { name: string }) => c.name === 'migrate');
      expect(migrate?.command).toEqual(['node', 'dist/scripts/migrate.js']);
      expect(envNames(migrate)).toEqual(
        expect.arrayContaining([
          'DATABASE_URL',
          'AUTH_DB_PASSWORD',
          'PAYMENT_DB_PASSWORD',
          'STORAGE_DB_PASSWORD',
          'COOCOOK_DB_PASSWORD',
          'SNS_DB_PASSWORD',
        ]),
      );
    }
    expect(ofKind(objects, 'Job')).toEqual([]);
  });

  it('starts every container on a compiled entry file that has a TypeScript source', () => {
    for (const d of ofKind(objects, 'Deployment'))
      for (const c of [...(d.spec.template.spec.initContainers ?? []), ...d.spec.template.spec.containers]) {
        const source = String(c.command[1])
          .replace(/^dist\//, '')
          .replace(/\.js$/, '.ts');
        expect({ source, exists: fs.existsSync(path.join(ROOT, source)) }).toEqual({ source, exists: true });
      }
  });

  it('serves the gateway on Service port 80 and scrapes every app on its health port, never the public one', () => {
    expect(find(objects, 'Service', 'gateway').spec.ports).toContainEqual({ name: 'http', port: 80, targetPort: 'http' });
    for (const d of ofKind(objects, 'Deployment')) {
      const annotations = d.spec.template.metadata.annotations;
      expect(annotations['prometheus.io/scrape']).toBe('true');
      const health = d.spec.template.spec.containers[0].ports.find((p: { name: string }) => p.name === 'health');
      expect(annotations['prometheus.io/port']).toBe(String(health.containerPort));
      expect(find(objects, 'Service', d.metadata.name).spec.ports).toContainEqual({
        name: 'health',
        port: health.containerPort,
        targetPort: 'health',
      });
    }
    const monitor = find(objects, 'ServiceMonitor', 'softfactory');
    expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'health', path: '/metrics' })]);
  });

  it('gives the drain its time: readiness 503 for SHUTDOWN_DELAY_MS, then SHUTDOWN_GRACE_MS, within the termination grace', () => {
    const config = find(objects, 'ConfigMap', 'softfactory-config').data!;
    const needed = (Number(config.SHUTDOWN_DELAY_MS) + Number(config.SHUTDOWN_GRACE_MS)) / 1000;
    for (const d of ofKind(objects, 'Deployment')) expect(d.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(needed);
  });

  it('autoscales the gateway, and in production every service', () => {
    const targets = ofKind(objects, 'HorizontalPodAutoscaler')
      .map((h) => h.spec.scaleTargetRef.name)
      .sort();
    expect(targets).toEqual(production ? CLUSTER_APPS : ['gateway']);
  });
});

describe('k8s/overlays/prod', () => {
  const objects = rendered.get('overlays/prod')!;

  it('puts the gateway behind an Ingress with TLS and trusts exactly its one hop', () => {
    const ingress = find(objects, 'Ingress', 'gateway');
    expect(ingress.spec.tls).toEqual([expect.objectContaining({ secretName: expect.any(String), hosts: [expect.any(String)] })]);
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'gateway', port: { name: 'http' } });
    expect(container(objects, 'gateway').env).toContainEqual({ name: 'TRUST_PROXY', value: '1' });
    const policy = find(objects, 'NetworkPolicy', 'gateway');
    expect(policy.spec.ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
    ]);
  });

  it('lets no pod reach another pod of the fleet, and only payment, storage, auth, notifications (webhooks), review, sns, automation, sites, the gateway (S3) and the other GDPR participants (coocook, platform, admin: S3) out on 443', () => {
    for (const policy of ofKind(objects, 'NetworkPolicy')) {
      for (const rule of policy.spec.ingress ?? [])
        for (const peer of rule.from ?? [])
          expect({ policy: policy.metadata.name, podOnly: !!peer.podSelector && !peer.namespaceSelector }).toEqual({
            policy: policy.metadata.name,
            podOnly: false,
          });
    }
    const https = ofKind(objects, 'NetworkPolicy')
      .filter((p) => (p.spec.egress ?? []).some((r: { ports?: Array<{ port: number }> }) => r.ports?.some((port) => port.port === 443)))
      .map((p) => p.metadata.name)
      .sort();
    expect(https).toEqual([
      'admin',
      'auth',
      'automation',
      'coocook',
      'gateway',
      'notifications',
      'payment',
      'platform',
      'review',
      'sites',
      'sns',
      'storage',
    ]);
  });

  // Each policy is shown failing when what it guards is taken away.
  it.each([
    ['a readiness probe', (o: K8sObject[]) => delete container(o, 'auth').readinessProbe, 'auth: no readiness probe'],
    ['a liveness probe', (o: K8sObject[]) => delete container(o, 'gateway').livenessProbe, 'gateway: no liveness probe'],
    ['a memory limit', (o: K8sObject[]) => delete container(o, 'payment').resources.limits.memory, 'payment/payment: no memory limit'],
    [
      'a NetworkPolicy',
      (o: K8sObject[]) => o.splice(o.indexOf(find(o, 'NetworkPolicy', 'storage')), 1),
      'storage: no NetworkPolicy of its own',
    ],
    [
      'the default deny',
      (o: K8sObject[]) => o.splice(o.indexOf(find(o, 'NetworkPolicy', 'default-deny')), 1),
      'no default-deny NetworkPolicy',
    ],
    [
      'a PodDisruptionBudget',
      (o: K8sObject[]) => o.splice(o.indexOf(find(o, 'PodDisruptionBudget', 'coocook')), 1),
      'coocook: no PodDisruptionBudget',
    ],
    [
      'a required variable',
      (o: K8sObject[]) =>
        (container(o, 'auth').env = container(o, 'auth').env.filter((v: { name: string }) => v.name !== 'JWT_PRIVATE_KEY_FILE')),
      'auth: Configuration error: JWT_PRIVATE_KEY_FILE is required (or JWT_PRIVATE_KEY, or JWT_GENERATE_KEY=true for a single local instance)',
    ],
    ['a service database URL', (o: K8sObject[]) => (container(o, 'coocook').env = []), 'coocook: no COOCOOK_DATABASE_URL'],
    [
      'the release tag',
      (o: K8sObject[]) => (container(o, 'storage').image = 'softfactory/platform:latest'),
      'storage/storage: image softfactory/platform:latest has no release tag',
    ],
    [
      'the non-root user',
      (o: K8sObject[]) => delete find(o, 'Deployment', 'auth').spec.template.spec.securityContext.runAsNonRoot,
      'auth/auth: may run as root',
    ],
    ['the Deployment of an app', (o: K8sObject[]) => o.splice(o.indexOf(find(o, 'Deployment', 'payment')), 1), 'payment: no Deployment'],
    [
      'demo mode off',
      (o: K8sObject[]) => (find(o, 'ConfigMap', 'softfactory-config').data!.DEMO_MODE = 'true'),
      'gateway: DEMO_MODE on in production',
    ],
  ])('fails without %s', (_what, mutate, expected) => {
    const objects = objectsOf('overlays/prod');
    mutate(objects);
    expect(policyViolations(objects, { production: true })).toContain(expected);
  });

  it('fails schema validation for a malformed object', () => {
    const objects = objectsOf('overlays/prod');
    container(objects, 'auth').ports[0].containerPort = 'eight thousand';
    expect(schemaProblems(objects)).toEqual([expect.stringMatching(/^Deployment auth: .*containerPort/)]);
  });
});

describe('alert rules', () => {
  const rule = find(rendered.get('overlays/prod')!, 'PrometheusRule', 'softfactory');

  function promtool(groups: unknown): { status: number | null; output: string } {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rules-')), 'rules.yaml');
    fs.writeFileSync(file, stringify(groups));
    const result = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
    if (result.error) throw new Error(`promtool is needed (Debian package prometheus): ${result.error.message}`);
    return { status: result.status, output: result.stdout + result.stderr };
  }

  it('pass promtool check rules, and cover error rate, p99, outbox lag, dead letters and restarts', () => {
    const { status, output } = promtool(rule.spec);
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    const exprs = rule.spec.groups.flatMap((g: { rules: Array<{ expr: string }> }) => g.rules.map((r) => r.expr)).join('\n');
    for (const metric of [
      'status=~"5.."',
      'histogram_quantile(0.99',
      'outbox_lag_seconds',
      'events_dead_lettered_total',
      'kube_pod_container_status_restarts_total',
    ])
      expect(exprs).toContain(metric);
  });

  it('fails promtool on a malformed expression', () => {
    const broken = structuredClone(rule.spec);
    broken.groups[0].rules[0].expr = 'sum(rate(http_request_duration_seconds_count[5m]';
    expect(promtool(broken).status).not.toBe(0);
  });
});
