import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadAuthConfig } from '../../apps/auth/src/auth.config';
import { loadCoocookConfig } from '../../apps/coocook/src/coocook.config';
import { loadAdminConfig } from '../../apps/admin/src/admin.config';
import { loadSnsConfig } from '../../apps/sns/src/sns.config';
import { loadGatewayConfig } from '../../apps/gateway/src/gateway.config';
import { loadNotificationsConfig } from '../../apps/notifications/src/notifications.config';
import { loadPaymentConfig } from '../../apps/payment/src/payment.config';
import { loadStorageConfig } from '../../apps/storage/src/storage.config';

/*
 * Policy checks on rendered Kubernetes objects: pure functions from the objects an overlay
 * renders to the list of what is wrong with them, so a test can also show each one failing.
 */

export const ROOT = path.resolve(__dirname, '../..');
export const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

type Labels = Record<string, string>;
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Labels; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface Container {
  name: string;
  image?: string;
  command?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
  }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  volumes?: Array<{ name: string; secret?: { secretName: string; items?: Array<{ key: string; path: string }> } }>;
}

/** Renders an overlay with `kubectl kustomize` (offline: no cluster involved). */
export function render(overlay: string): K8sObject[] {
  const yaml = execFileSync(KUBECTL, ['kustomize', path.join(ROOT, 'k8s', overlay)], { encoding: 'utf8' });
  return parseYaml(yaml);
}

export function parseYaml(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => !!o);
}

/** The Secrets an operator creates from k8s/secrets.example.yaml (documentation, never applied). */
export const SECRET_TEMPLATE = parseYaml(fs.readFileSync(path.join(ROOT, 'k8s/secrets.example.yaml'), 'utf8'));

/** The apps deployed to the cluster: every app but the local stand-ins. */
export const CLUSTER_APPS = fs
  .readdirSync(path.join(ROOT, 'apps'))
  .filter((name) => !name.startsWith('local-') && fs.existsSync(path.join(ROOT, 'apps', name, 'src/main.ts')))
  .sort();

/** Each app's own config loader: what "every variable its config requires" means. */
const CONFIG_LOADERS: Record<string, (env: Record<string, string | undefined>) => unknown> = {
  gateway: loadGatewayConfig,
  auth: loadAuthConfig,
  payment: loadPaymentConfig,
  storage: loadStorageConfig,
  coocook: loadCoocookConfig,
  admin: loadAdminConfig,
  notifications: loadNotificationsConfig,
  sns: loadSnsConfig,
};

export const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const podSpec = (d: K8sObject): PodSpec => d.spec.template.spec as PodSpec;
const podLabels = (d: K8sObject): Labels => (d.spec.template.metadata?.labels ?? {}) as Labels;
const isSubset = (subset: Labels | undefined, of: Labels) => !!subset && Object.entries(subset).every(([k, v]) => of[k] === v);
const selects = (selector: { matchLabels?: Labels } | undefined, labels: Labels) =>
  !!selector && Object.keys(selector.matchLabels ?? {}).length > 0 && isSubset(selector.matchLabels, labels);

function portDeclared(container: Container, port: number | string | undefined): boolean {
  const ports = container.ports ?? [];
  return typeof port === 'string' ? ports.some((p) => p.name === port) : ports.some((p) => p.containerPort === port);
}

/** The environment a container starts with, secrets filled from the template (files written to a temp dir). */
export function effectiveEnv(objects: K8sObject[], deployment: K8sObject, container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  const configMap = (name: string) => ofKind(objects, 'ConfigMap').find((c) => c.metadata.name === name)?.data;
  const secret = (name: string) => {
    const s = SECRET_TEMPLATE.find((o) => o.metadata.name === name);
    return s ? { ...s.data, ...s.stringData } : undefined;
  };
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, configMap(source.configMapRef.name) ?? {});
    if (source.secretRef) Object.assign(env, secret(source.secretRef.name) ?? {});
  }
  // Secret volumes mounted by this container, materialised so file paths in the env resolve.
  const mounts = new Map<string, string>();
  for (const mount of container.volumeMounts ?? []) {
    const volume = podSpec(deployment).volumes?.find((v) => v.name === mount.name);
    if (!volume?.secret) continue;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-secret-'));
    const values = secret(volume.secret.secretName) ?? {};
    for (const item of volume.secret.items ?? Object.keys(values).map((key) => ({ key, path: key })))
      if (values[item.key] !== undefined) fs.writeFileSync(path.join(dir, item.path), values[item.key]);
    mounts.set(mount.mountPath, dir);
  }
  for (const variable of container.env ?? []) {
    let value: string | undefined = variable.value;
    const secretRef = variable.valueFrom?.secretKeyRef;
    const configRef = variable.valueFrom?.configMapKeyRef;
    if (secretRef) value = secret(secretRef.name)?.[secretRef.key];
    if (configRef) value = configMap(configRef.name)?.[configRef.key];
    if (value === undefined) continue;
    for (const [mountPath, dir] of mounts) if (value.startsWith(`${mountPath}/`)) value = dir + value.slice(mountPath.length);
    env[variable.name] = value;
  }
  return env;
}

/** Everything wrong with the objects an overlay renders; empty when they pass. */
export function policyViolations(objects: K8sObject[], options: { production: boolean }): string[] {
  const problems: string[] = [];
  const deployments = ofKind(objects, 'Deployment');
  const byName = new Map(deployments.map((d) => [d.metadata.name, d]));

  for (const app of CLUSTER_APPS) if (!byName.has(app)) problems.push(`${app}: no Deployment`);

  for (const d of deployments) {
    const name = d.metadata.name;
    const pod = podSpec(d);
    const labels = podLabels(d);
    if (!selects(d.spec.selector, labels)) problems.push(`${name}: selector does not match its pod labels`);
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      const where = `${name}/${c.name}`;
      const { requests = {}, limits = {} } = c.resources ?? {};
      for (const r of ['cpu', 'memory']) {
        if (!requests[r]) problems.push(`${where}: no ${r} request`);
        if (!limits[r]) problems.push(`${where}: no ${r} limit`);
      }
      const uid = c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
      if ((c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true || !(typeof uid === 'number' && uid > 0))
        problems.push(`${where}: may run as root`);
      if (c.securityContext?.allowPrivilegeEscalation !== false) problems.push(`${where}: allows privilege escalation`);
      if (c.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${where}: writable root filesystem`);
      const image = c.image ?? '';
      const tag = image.includes('@sha256:') ? 'digest' : image.split('/').pop()?.split(':')[1];
      if (!tag || tag === 'latest') problems.push(`${where}: image ${image} has no release tag`);
    }
    const main = pod.containers[0];
    for (const [kind, probe] of [
      ['liveness', main.livenessProbe],
      ['readiness', main.readinessProbe],
      ['startup', main.startupProbe],
    ] as const) {
      if (!probe) problems.push(`${name}: no ${kind} probe`);
      else if (!portDeclared(main, probe.httpGet?.port))
        problems.push(`${name}: ${kind} probe port ${probe.httpGet?.port} is not declared`);
    }
    if (main.livenessProbe?.httpGet?.path !== '/health/live') problems.push(`${name}: liveness is not /health/live`);
    if (main.readinessProbe?.httpGet?.path !== '/health/ready') problems.push(`${name}: readiness is not /health/ready`);
    if (!ofKind(objects, 'PodDisruptionBudget').some((p) => selects(p.spec.selector, labels) && Number(p.spec.minAvailable) >= 1))
      problems.push(`${name}: no PodDisruptionBudget`);
    if (!ofKind(objects, 'NetworkPolicy').some((n) => selects(n.spec.podSelector, labels)))
      problems.push(`${name}: no NetworkPolicy of its own`);
    const loader = CONFIG_LOADERS[name];
    const env = effectiveEnv(objects, d, main);
    if (loader) {
      try {
        loader(env);
      } catch (error) {
        problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (name !== 'gateway' && !env[`${name.toUpperCase()}_DATABASE_URL`]) problems.push(`${name}: no ${name.toUpperCase()}_DATABASE_URL`);
    if (options.production && /^(true|1|yes|on)$/i.test(env.DEMO_MODE ?? '')) problems.push(`${name}: DEMO_MODE on in production`);
  }

  const denyAll = ofKind(objects, 'NetworkPolicy').find(
    (n) => Object.keys(n.spec.podSelector ?? {}).length === 0 && !n.spec.ingress && !n.spec.egress,
  );
  if (!denyAll || !['Ingress', 'Egress'].every((t) => denyAll.spec.policyTypes?.includes(t)))
    problems.push('no default-deny NetworkPolicy');

  for (const s of ofKind(objects, 'Service').filter((s) => s.spec.selector)) {
    const target = deployments.find((d) => isSubset(s.spec.selector, podLabels(d)));
    if (!target) problems.push(`Service ${s.metadata.name}: selects no pods`);
    else
      for (const port of s.spec.ports ?? [])
        if (!podSpec(target).containers.some((c) => portDeclared(c, port.targetPort ?? port.port)))
          problems.push(`Service ${s.metadata.name}: target port ${port.targetPort} not declared`);
  }
  for (const n of ofKind(objects, 'NetworkPolicy').filter((n) => Object.keys(n.spec.podSelector?.matchLabels ?? {}).length > 0))
    if (!deployments.some((d) => selects(n.spec.podSelector, podLabels(d))))
      problems.push(`NetworkPolicy ${n.metadata.name}: selects no pods`);
  for (const p of ofKind(objects, 'PodDisruptionBudget'))
    if (!deployments.some((d) => selects(p.spec.selector, podLabels(d))))
      problems.push(`PodDisruptionBudget ${p.metadata.name}: selects no pods`);
  for (const h of ofKind(objects, 'HorizontalPodAutoscaler')) {
    const target = byName.get(h.spec.scaleTargetRef?.name);
    if (!target) problems.push(`HorizontalPodAutoscaler ${h.metadata.name}: no such Deployment`);
    else if (target.spec.replicas !== undefined) problems.push(`${target.metadata.name}: fixed replicas fight its autoscaler`);
  }
  return problems;
}
