import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/*
 * Offline checks of the container and deployment files: nothing here needs Docker or a cluster,
 * so mistakes that would only surface at `docker compose up` or `kubectl apply` fail fast.
 */

const ROOT = path.resolve(__dirname, '../..');
const K8S_DIR = path.join(ROOT, 'k8s');
const NAMESPACE = 'softfactory';
const SECRET_TEMPLATE = 'secrets.example.yaml';
const KUSTOMIZATION = 'kustomization.yaml';

function readText(relative: string): string {
  return fs.readFileSync(path.join(ROOT, relative), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Shapes of the parts of Compose and Kubernetes documents these checks read.

type Command = string | string[];

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: Command;
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: Command; disable?: boolean };
  ports?: Array<string | number | { target?: number; published?: number | string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  restart?: string;
}

interface ComposeFile {
  version?: unknown;
  services: Record<string, ComposeService>;
}

type Labels = Record<string, string>;

interface Metadata {
  name?: string;
  namespace?: string;
  labels?: Labels;
}

interface Probe {
  httpGet?: { path?: string; port?: number | string };
  tcpSocket?: { port?: number | string };
}

interface EnvVar {
  name: string;
  value?: unknown;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}

interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}

interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  restartPolicy?: string;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  volumes?: Array<{ name: string; secret?: { secretName: string; items?: Array<{ key: string; path: string }> } }>;
}

interface PodTemplate {
  metadata?: Metadata;
  spec: PodSpec;
}

interface K8sObject {
  apiVersion?: string;
  kind?: string;
  metadata?: Metadata;
  spec?: Record<string, unknown>;
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
}

interface Deployment extends K8sObject {
  spec: { replicas?: number; selector: { matchLabels: Labels }; template: PodTemplate };
}

interface Job extends K8sObject {
  spec: { template: PodTemplate };
}

interface Service extends K8sObject {
  spec: {
    type?: string;
    externalName?: string;
    selector?: Labels;
    ports?: Array<{ name?: string; port: number; targetPort?: number | string }>;
  };
}

interface Hpa extends K8sObject {
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: Array<{ type: string; resource?: { name: string; target: { type: string; averageUtilization?: number } } }>;
  };
}

interface Pdb extends K8sObject {
  spec: { minAvailable?: number | string; selector: { matchLabels: Labels } };
}

interface ManifestDoc {
  file: string;
  object: K8sObject;
}

// ---------------------------------------------------------------------------------------------
// Helpers.

function commandWords(command: Command | undefined): string[] {
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.trim().split(/\s+/);
}

/** The compiled entry file a command starts, e.g. `dist/apps/auth/src/main.js`. */
function entryFile(words: string[]): string | undefined {
  return words.find((word) => /^(\.\/)?dist\/.+\.js$/.test(word))?.replace(/^\.\//, '');
}

/** `dist/apps/X/src/main.js` ↔ `apps/X/src/main.ts`, `dist/scripts/migrate.js` ↔ `scripts/migrate.ts`. */
function sourceOf(entry: string): string {
  return entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

function isSubset(subset: Labels, of: Labels | undefined): boolean {
  return Object.entries(subset).every(([key, value]) => of?.[key] === value);
}

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)]));
}

function dependencies(service: ComposeService): Array<{ name: string; condition: string }> {
  const deps = service.depends_on ?? [];
  if (Array.isArray(deps)) return deps.map((name) => ({ name, condition: 'service_started' }));
  return Object.entries(deps).map(([name, dep]) => ({ name, condition: dep?.condition ?? 'service_started' }));
}

function probePort(probe: Probe): number | string | undefined {
  return probe.httpGet?.port ?? probe.tcpSocket?.port;
}

function portIsDeclared(container: Container, port: number | string | undefined): boolean {
  const ports = container.ports ?? [];
  return typeof port === 'string' ? ports.some((p) => p.name === port) : ports.some((p) => p.containerPort === port);
}

function containersOf(template: PodTemplate): Container[] {
  return [...(template.spec.initContainers ?? []), ...template.spec.containers];
}

// ---------------------------------------------------------------------------------------------
// Loaded once: every check below reads the same parsed files.

const compose = parse(readText('docker-compose.yml'), { merge: true }) as ComposeFile;
const appServices = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
/** The services behind the gateway, each with its own schema, role and health port. */
const SERVICES = [
  { name: 'auth', healthPort: 8101 },
  { name: 'payment', healthPort: 8102 },
  { name: 'storage', healthPort: 8103 },
  { name: 'coocook', healthPort: 8104 },
];
/** Local stand-ins for third-party APIs: in docker-compose, never in the cluster. */
const LOCAL_STAND_INS = ['local-stripe'];
const longRunningApps = appServices.filter(([, service]) => service.restart !== 'no');

const dockerfile = readText('Dockerfile');

const manifestFiles = fs
  .readdirSync(K8S_DIR)
  .filter((file) => /\.ya?ml$/.test(file) && file !== KUSTOMIZATION)
  .sort();

const parsedManifests = manifestFiles.map((file) => ({
  file,
  documents: parseAllDocuments(fs.readFileSync(path.join(K8S_DIR, file), 'utf8')),
}));

const allDocs: ManifestDoc[] = parsedManifests.flatMap(({ file, documents }) =>
  (Array.isArray(documents) ? documents : [documents])
    .map((document) => document.toJS({ maxAliasCount: 100 }) as K8sObject | null)
    .filter((object): object is K8sObject => object !== null && object !== undefined)
    .map((object) => ({ file, object })),
);

/** What `kubectl apply -k k8s/` creates: the Secret template is documentation only. */
const appliedDocs = allDocs.filter((doc) => doc.file !== SECRET_TEMPLATE);
const ofKind = <T extends K8sObject>(kind: string): T[] =>
  appliedDocs.filter((doc) => doc.object.kind === kind).map((doc) => doc.object as T);

const deployments = ofKind<Deployment>('Deployment');
const jobs = ofKind<Job>('Job');
const services = ofKind<Service>('Service');
const workloads: Array<{ name: string; template: PodTemplate }> = [
  ...deployments.map((d) => ({ name: `Deployment ${d.metadata?.name}`, template: d.spec.template })),
  ...jobs.map((j) => ({ name: `Job ${j.metadata?.name}`, template: j.spec.template })),
];
const allContainers = workloads.flatMap(({ name, template }) =>
  containersOf(template).map((container) => ({ workload: name, container, template })),
);

function deployment(name: string): Deployment {
  const found = deployments.find((d) => d.metadata?.name === name);
  if (!found) throw new Error(`no Deployment named ${name}`);
  return found;
}

// ---------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  it('is a Compose spec file with services and no obsolete version key', () => {
    expect(compose).toBeInstanceOf(Object);
    expect(compose.version).toBeUndefined();
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'nats', 'redis', 'minio', 'migrate', 'auth', 'gateway']),
    );
  });

  it('builds every app from the repository Dockerfile', () => {
    expect(appServices.map(([name]) => name).sort()).toEqual(
      [...SERVICES.map((s) => s.name), 'gateway', 'migrate', ...LOCAL_STAND_INS].sort(),
    );
    for (const [, service] of appServices) {
      const build = typeof service.build === 'string' ? { context: service.build } : service.build!;
      expect(path.resolve(ROOT, build.context ?? '.')).toBe(ROOT);
      expect(build.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
    }
  });

  it.each(appServices)('starts %s with node on a compiled entry file that has a TypeScript source', (_name, service) => {
    const words = commandWords(service.command);
    expect(words[0]).toBe('node');
    const entry = entryFile(words);
    expect(entry).toBeDefined();
    const source = sourceOf(entry!);
    expect({ source, exists: fs.existsSync(path.join(ROOT, source)) }).toEqual({ source, exists: true });
  });

  it.each(longRunningApps)('health-checks %s with node fetch on the port the app listens on', (_name, service) => {
    expect(service.healthcheck?.disable).not.toBe(true);
    const test = commandWords(service.healthcheck?.test).join(' ');
    // The runtime image is slim: no curl or wget, but Node has fetch.
    expect(test).toMatch(/\bnode\b.*fetch\(/);
    const env = environmentOf(service);
    const port = env.PORT ?? env.HEALTH_PORT ?? env.LOCAL_STRIPE_PORT;
    expect(port).toMatch(/^\d+$/);
    expect(test).toContain(`:${port}/health`);
  });

  it('publishes the gateway on port 8000', () => {
    const gateway = compose.services.gateway;
    expect(environmentOf(gateway).PORT).toBe('8000');
    const published = (gateway.ports ?? []).map((p) => (typeof p === 'object' ? `${p.published}:${p.target}` : String(p)));
    expect(published.some((p) => /(^|:)8000:8000$/.test(p))).toBe(true);
  });

  it.each(SERVICES)('runs migrate once, after postgres is healthy and before $name starts', ({ name }) => {
    const { migrate } = compose.services;
    expect(migrate.restart).toBe('no');
    expect(dependencies(migrate)).toContainEqual({ name: 'postgres', condition: 'service_healthy' });
    expect(dependencies(compose.services[name])).toContainEqual({ name: 'migrate', condition: 'service_completed_successfully' });
    expect(environmentOf(migrate).DATABASE_URL).toMatch(/^postgres:\/\/postgres:[^@]+@postgres:5432\/softfactory$/);
  });

  it.each(SERVICES)('gives the $name role the password migrate creates it with', ({ name }) => {
    const password = environmentOf(compose.services.migrate)[`${name.toUpperCase()}_DB_PASSWORD`];
    expect(password).toBeTruthy();
    const url = new URL(environmentOf(compose.services[name])[`${name.toUpperCase()}_DATABASE_URL`]);
    expect(url.username).toBe(name);
    expect(decodeURIComponent(url.password)).toBe(password);
  });

  it('waits for every service to be healthy before starting the gateway', () => {
    for (const { name } of SERVICES) expect(dependencies(compose.services.gateway)).toContainEqual({ name, condition: 'service_healthy' });
  });

  it('only depends on services that exist, and waits for health only where a healthcheck exists', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const dep of dependencies(service)) {
        expect({ from: name, to: dep.name, exists: dep.name in compose.services }).toEqual({ from: name, to: dep.name, exists: true });
        if (dep.condition === 'service_healthy') {
          expect({ to: dep.name, healthcheck: Boolean(compose.services[dep.name].healthcheck) }).toEqual({
            to: dep.name,
            healthcheck: true,
          });
        }
      }
    }
  });

  it('points every app at the in-compose NATS and Redis', () => {
    for (const [, service] of appServices.filter(([name]) => !LOCAL_STAND_INS.includes(name))) {
      const env = environmentOf(service);
      expect(env.NATS_URL).toBe('nats://nats:4222');
      expect(env.REDIS_URL).toBe('redis://redis:6379');
    }
  });
});

describe('Dockerfile', () => {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Array<{ image: string; name?: string; lines: string[] }> = [];
  for (const line of lines) {
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ image: from[1], name: from[2], lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  const stageNames = new Set(stages.map((stage) => stage.name?.toLowerCase()).filter(Boolean));

  it('pins every base image to a digest of Node 24', () => {
    const bases = stages.map((stage) => stage.image).filter((image) => !stageNames.has(image.toLowerCase()));
    expect(bases.length).toBeGreaterThan(0);
    for (const image of bases) {
      // A major-version tag for the reader, and the digest that makes rebuilds reproducible.
      expect(image).toMatch(/^node:24-[\w.-]+@sha256:[0-9a-f]{64}$/);
    }
  });

  it('runs the runtime stage as the unprivileged node user', () => {
    const runtime = stages.at(-1)!;
    const users = runtime.lines.filter((line) => /^USER\s/i.test(line));
    expect(users.at(-1)).toMatch(/^USER\s+node$/i);
  });

  it('compiles and drops dev dependencies in a build stage the runtime copies from', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages
      .slice(0, -1)
      .flatMap((stage) => stage.lines)
      .join('\n');
    expect(build).toMatch(/\bnpm ci\b/);
    expect(build).toMatch(/\bnpm run build\b/);
    expect(build).toMatch(/\bnpm prune --omit=dev\b/);
    const runtime = stages.at(-1)!.lines.join('\n');
    expect(runtime).toMatch(/COPY --from=\S+ \S*node_modules/);
    expect(runtime).toMatch(/COPY --from=\S+ \S*dist/);
    expect(runtime).not.toMatch(/\bnpm (ci|install)\b/);
  });

  it('keeps dependencies, build output, local data and secrets out of the build context', () => {
    const ignored = readText('.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.data', '.env']));
  });
});

describe('Kubernetes manifests', () => {
  it('parses every document without errors', () => {
    expect(manifestFiles.length).toBeGreaterThan(0);
    for (const { file, documents } of parsedManifests) {
      for (const document of Array.isArray(documents) ? documents : [documents]) {
        expect({ file, errors: document.errors.map((e) => e.message) }).toEqual({ file, errors: [] });
      }
    }
  });

  it('gives every object an apiVersion, a kind and a name', () => {
    for (const { file, object } of allDocs) {
      expect({ file, apiVersion: typeof object.apiVersion, kind: typeof object.kind, name: typeof object.metadata?.name }).toEqual({
        file,
        apiVersion: 'string',
        kind: 'string',
        name: 'string',
      });
    }
  });

  it('places every object in the softfactory namespace', () => {
    const namespaces = allDocs.filter((doc) => doc.object.kind === 'Namespace');
    expect(namespaces.map((doc) => doc.object.metadata?.name)).toEqual([NAMESPACE]);
    for (const { file, object } of allDocs.filter((doc) => doc.object.kind !== 'Namespace')) {
      expect({ file, name: object.metadata?.name, namespace: object.metadata?.namespace }).toEqual({
        file,
        name: object.metadata?.name,
        namespace: NAMESPACE,
      });
    }
  });

  it('labels every object with its name and as part of softfactory', () => {
    for (const { file, object } of allDocs) {
      const labels = object.metadata?.labels ?? {};
      expect({
        file,
        name: object.metadata?.name,
        partOf: labels['app.kubernetes.io/part-of'],
        hasName: Boolean(labels['app.kubernetes.io/name']),
      }).toEqual({
        file,
        name: object.metadata?.name,
        partOf: 'softfactory',
        hasName: true,
      });
    }
  });

  it('lists exactly the manifest files in kustomization.yaml, leaving out the Secret template', () => {
    const kustomization = parse(fs.readFileSync(path.join(K8S_DIR, KUSTOMIZATION), 'utf8')) as { kind: string; resources: string[] };
    expect(kustomization.kind).toBe('Kustomization');
    expect([...kustomization.resources].sort()).toEqual(manifestFiles.filter((file) => file !== SECRET_TEMPLATE));
  });

  it('only applies Secrets through the template, never with values in git', () => {
    expect(appliedDocs.filter((doc) => doc.object.kind === 'Secret')).toEqual([]);
  });

  it.each(deployments.map((d) => [d.metadata?.name, d] as const))('selects the pods of Deployment %s by their own labels', (_name, d) => {
    expect(Object.keys(d.spec.selector.matchLabels).length).toBeGreaterThan(0);
    expect(isSubset(d.spec.selector.matchLabels, d.spec.template.metadata?.labels)).toBe(true);
  });

  it.each(deployments.map((d) => [d.metadata?.name, d] as const))(
    'probes liveness and readiness of Deployment %s on a declared container port',
    (_name, d) => {
      for (const container of d.spec.template.spec.containers) {
        for (const probe of [container.livenessProbe, container.readinessProbe]) {
          expect(probe).toBeDefined();
          expect(portIsDeclared(container, probePort(probe!))).toBe(true);
        }
        expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
        expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
        if (container.startupProbe) expect(portIsDeclared(container, probePort(container.startupProbe))).toBe(true);
      }
    },
  );

  it('sets CPU and memory requests and limits on every container', () => {
    for (const { workload, container } of allContainers) {
      const { requests = {}, limits = {} } = container.resources ?? {};
      expect({ workload, container: container.name, requests: Object.keys(requests).sort(), limits: Object.keys(limits).sort() }).toEqual({
        workload,
        container: container.name,
        requests: ['cpu', 'memory'],
        limits: ['cpu', 'memory'],
      });
    }
  });

  it('runs every container as a numeric non-root user without privilege escalation on a read-only root filesystem', () => {
    for (const { workload, container, template } of allContainers) {
      const pod = template.spec.securityContext ?? {};
      const own = container.securityContext ?? {};
      // The image's USER is a name (`node`); the kubelet can only enforce runAsNonRoot on a uid.
      const uid = own.runAsUser ?? pod.runAsUser;
      expect({
        workload,
        runAsNonRoot: own.runAsNonRoot ?? pod.runAsNonRoot,
        nonRootUid: typeof uid === 'number' && uid > 0,
        allowPrivilegeEscalation: own.allowPrivilegeEscalation,
        readOnlyRootFilesystem: own.readOnlyRootFilesystem,
      }).toEqual({ workload, runAsNonRoot: true, nonRootUid: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    }
  });

  it('starts every container from the platform image on an entry file that has a TypeScript source', () => {
    for (const { workload, container } of allContainers) {
      expect(container.image?.split(':')[0]).toBe('softfactory/platform');
      const words = [...(container.command ?? []), ...(container.args ?? [])];
      expect(words[0]).toBe('node');
      const entry = entryFile(words);
      expect({ workload, entry: typeof entry }).toEqual({ workload, entry: 'string' });
      expect({ workload, source: sourceOf(entry!), exists: fs.existsSync(path.join(ROOT, sourceOf(entry!))) }).toEqual({
        workload,
        source: sourceOf(entry!),
        exists: true,
      });
    }
  });

  it('runs the same entry files as docker-compose.yml', () => {
    const inCompose = appServices
      .filter(([name]) => !LOCAL_STAND_INS.includes(name))
      .map(([, service]) => entryFile(commandWords(service.command)))
      .sort();
    const inCluster = allContainers.map(({ container }) => entryFile([...(container.command ?? []), ...(container.args ?? [])])).sort();
    expect(inCluster).toEqual(inCompose);
  });

  it('quotes every environment value, since Kubernetes accepts only strings there', () => {
    for (const { workload, container } of allContainers) {
      for (const variable of container.env ?? []) {
        if (variable.valueFrom) continue;
        expect({ workload, name: variable.name, type: typeof variable.value }).toEqual({ workload, name: variable.name, type: 'string' });
      }
    }
    for (const configMap of ofKind<K8sObject>('ConfigMap')) {
      for (const [key, value] of Object.entries(configMap.data ?? {})) {
        expect({ key, type: typeof value }).toEqual({ key, type: 'string' });
      }
    }
  });

  it('refers only to ConfigMaps it defines and to Secret keys the template documents', () => {
    const configMaps = new Set(ofKind<K8sObject>('ConfigMap').map((c) => c.metadata?.name));
    const secretKeys = new Set(
      allDocs
        .filter((doc) => doc.file === SECRET_TEMPLATE && doc.object.kind === 'Secret')
        .flatMap(({ object }) => Object.keys({ ...object.data, ...object.stringData }).map((key) => `${object.metadata?.name}/${key}`)),
    );
    for (const { workload, container, template } of allContainers) {
      for (const source of container.envFrom ?? []) {
        if (source.configMapRef)
          expect({ workload, configMap: source.configMapRef.name, defined: configMaps.has(source.configMapRef.name) }).toMatchObject({
            defined: true,
          });
        if (source.secretRef)
          expect({
            workload,
            secret: source.secretRef.name,
            documented: [...secretKeys].some((k) => k.startsWith(`${source.secretRef!.name}/`)),
          }).toMatchObject({ documented: true });
      }
      for (const variable of container.env ?? []) {
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref)
          expect({ workload, secret: `${ref.name}/${ref.key}`, documented: secretKeys.has(`${ref.name}/${ref.key}`) }).toMatchObject({
            documented: true,
          });
      }
      for (const volume of template.spec.volumes ?? []) {
        for (const item of volume.secret?.items ?? []) {
          const key = `${volume.secret!.secretName}/${item.key}`;
          expect({ workload, secret: key, documented: secretKeys.has(key) }).toMatchObject({ documented: true });
        }
      }
    }
  });

  it('routes every Service with a selector to Deployment pods and one of their ports', () => {
    for (const service of services.filter((s) => s.spec.selector)) {
      const target = deployments.find((d) => isSubset(service.spec.selector!, d.spec.template.metadata?.labels));
      expect({ service: service.metadata?.name, matches: Boolean(target) }).toEqual({ service: service.metadata?.name, matches: true });
      for (const port of service.spec.ports ?? []) {
        const targetPort = port.targetPort ?? port.port;
        const declared = target!.spec.template.spec.containers.some((c) => portIsDeclared(c, targetPort));
        expect({ service: service.metadata?.name, targetPort, declared }).toEqual({
          service: service.metadata?.name,
          targetPort,
          declared: true,
        });
      }
    }
  });

  it('declares NATS, Postgres and Redis as ExternalName Services, and only those lack a selector', () => {
    const external = services.filter((s) => !s.spec.selector);
    expect(external.map((s) => s.metadata?.name).sort()).toEqual(['nats', 'postgres', 'redis']);
    for (const service of external) {
      expect(service.spec.type).toBe('ExternalName');
      expect(service.spec.externalName).toMatch(/^[a-z0-9.-]+$/);
    }
  });

  it('exposes the gateway on Service port 80 and each service health on its own port', () => {
    const byName = (name: string) => services.find((s) => s.metadata?.name === name)!;
    expect(byName('gateway').spec.ports).toEqual([expect.objectContaining({ port: 80 })]);
    expect(deployment('gateway').spec.template.spec.containers[0].ports).toContainEqual(expect.objectContaining({ containerPort: 8000 }));
    for (const { name, healthPort } of SERVICES) {
      expect(byName(name).spec.ports).toEqual([expect.objectContaining({ name: 'health', port: healthPort })]);
      expect(deployment(name).spec.template.spec.containers[0].ports).toContainEqual(
        expect.objectContaining({ containerPort: healthPort }),
      );
    }
  });

  it('turns demo mode off in the cluster ConfigMap', () => {
    const config = ofKind<K8sObject>('ConfigMap').find((c) => c.metadata?.name === 'softfactory-config');
    expect(config?.data?.DEMO_MODE).toBe('false');
    expect(config?.data).toEqual(
      expect.objectContaining({ NATS_URL: expect.any(String), REDIS_URL: expect.any(String), LOG_LEVEL: expect.any(String) }),
    );
  });

  it('signs auth tokens with the mounted auth-jwt-key Secret, never a generated key', () => {
    const pod = deployment('auth').spec.template.spec;
    const container = pod.containers[0];
    const env = Object.fromEntries((container.env ?? []).map((v) => [v.name, v.value]));
    expect(env.JWT_GENERATE_KEY).toBeUndefined();
    const keyFile = env.JWT_PRIVATE_KEY_FILE as string;
    expect(keyFile).toBe('/etc/softfactory/jwt/private.pem');
    const mount = (container.volumeMounts ?? []).find((m) => m.mountPath === path.posix.dirname(keyFile));
    expect(mount?.readOnly).toBe(true);
    const volume = (pod.volumes ?? []).find((v) => v.name === mount?.name);
    expect(volume?.secret?.secretName).toBe('auth-jwt-key');
    expect(volume?.secret?.items ?? [{ key: 'private.pem', path: 'private.pem' }]).toContainEqual({
      key: 'private.pem',
      path: 'private.pem',
    });
  });

  it('gives the migrate Job the admin URL and every role password, and the service pods neither', () => {
    const [migrate] = jobs;
    expect(migrate).toBeDefined();
    const job = migrate.spec.template.spec;
    expect(['Never', 'OnFailure']).toContain(job.restartPolicy);
    const jobEnv = (job.containers[0].env ?? []).map((v) => v.name);
    expect(jobEnv).toEqual(expect.arrayContaining(['DATABASE_URL', ...SERVICES.map((s) => `${s.name.toUpperCase()}_DB_PASSWORD`)]));
    for (const { name } of SERVICES) {
      const env = (deployment(name).spec.template.spec.containers[0].env ?? []).map((v) => v.name);
      expect(env).toContain(`${name.toUpperCase()}_DATABASE_URL`);
      expect(env).not.toContain('DATABASE_URL');
      expect(env.filter((v) => v.endsWith('_DB_PASSWORD'))).toEqual([]);
    }
  });

  it('autoscales the gateway Deployment on CPU between 2 and 10 replicas', () => {
    const [hpa] = ofKind<Hpa>('HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' });
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBe(10);
    expect(hpa.spec.metrics).toContainEqual({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
    });
    // Utilization is a share of the request, and a fixed replica count would fight the HPA.
    const gateway = deployment('gateway');
    expect(gateway.spec.template.spec.containers[0].resources?.requests?.cpu).toBeDefined();
    expect(gateway.spec.replicas).toBeUndefined();
  });

  it.each(SERVICES)('runs $name with two replicas', ({ name }) => {
    expect(deployment(name).spec.replicas).toBe(2);
  });

  it('keeps one pod of the gateway and of each service through voluntary disruptions', () => {
    const pdbs = ofKind<Pdb>('PodDisruptionBudget');
    for (const name of ['gateway', ...SERVICES.map((s) => s.name)]) {
      const pods = deployment(name).spec.template.metadata?.labels;
      const budget = pdbs.find((p) => isSubset(p.spec.selector.matchLabels, pods));
      expect({ name, minAvailable: budget?.spec.minAvailable }).toEqual({ name, minAvailable: 1 });
    }
  });
});
