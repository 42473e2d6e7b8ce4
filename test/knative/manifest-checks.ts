// The checks the knative/ tests run: each returns the problems it finds (an empty list when the manifests are
// right), so a test can run it on the real manifests and on a deliberately broken copy.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadManifests, type Manifest } from '../../lib/broker/knative-manifests.ts';
import { backoffMs, parseDelivery } from '../../lib/broker/delivery-spec.ts';
import { triggersFrom } from '../../lib/broker/triggers.ts';
import type { Permission } from '../../lib/catalog/action-spec.ts';
import { parseIsoDuration } from '../../lib/domain/duration.ts';
import { consumers, pipelineEvents } from '../../lib/events/contract.ts';

/** The repository's root and its knative/ folder. */
export const repoRoot = join(import.meta.dirname, '..', '..');
export const knativeDir = join(repoRoot, 'knative');

/** Every object in knative/, parsed afresh (tests mutate copies of it). */
export const loadKnative = (): Manifest[] => loadManifests(knativeDir);

/** The namespace the kustomization deploys into. */
export const NAMESPACE = 'alerts-slm';

/** Environment variables Knative Serving or Eventing set in a function's container (the manifests may name them). */
export const KNATIVE_SET_ENV = ['PORT', 'K_SINK', 'K_SERVICE', 'K_REVISION', 'K_CONFIGURATION', 'K_CE_OVERRIDES'] as const;

interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
  };
}
interface Mount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
}
/** The parts of a container the checks read. */
export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvEntry[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path?: string } };
  livenessProbe?: { httpGet?: { path?: string } };
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
    seccompProfile?: { type?: string };
  };
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: { cpu?: string; memory?: string } };
  volumeMounts?: Mount[];
}
interface Volume {
  name: string;
  emptyDir?: Record<string, unknown>;
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  configMap?: { name: string; items?: { key: string; path: string }[] };
}
/** The parts of a pod template the checks read. */
export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    serviceAccountName?: string;
    containerConcurrency?: number;
    timeoutSeconds?: number;
    containers?: Container[];
    volumes?: Volume[];
  };
}
interface Delivery {
  retry?: number;
  backoffPolicy?: string;
  backoffDelay?: string;
  timeout?: string;
  deadLetterSink?: { ref?: { apiVersion?: string; kind?: string; name?: string }; uri?: string };
}
interface RbacRule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

const byKind = (ms: readonly Manifest[], kind: string, apiPrefix = '') =>
  ms.filter((m) => m.kind === kind && m.apiVersion.startsWith(apiPrefix));

/** The Knative Services (not core Services). */
export const knativeServices = (ms: readonly Manifest[]): Manifest[] => byKind(ms, 'Service', 'serving.knative.dev/');

/** A Knative Service's revision template. */
export const templateOf = (ksvc: Manifest): PodTemplate => ((ksvc.spec ?? {}) as { template?: PodTemplate }).template ?? {};

/** The first (only) container of a pod template. */
export const containerOf = (template: PodTemplate): Container => template.spec?.containers?.[0] ?? {};

/** The function a Knative Service runs: its container's FUNCTION variable. */
export const functionOf = (ksvc: Manifest): string | undefined =>
  containerOf(templateOf(ksvc)).env?.find((e) => e.name === 'FUNCTION')?.value;

/** The functions the image can serve: a folder functions/<name>/ with an index.ts. */
export const functionFolderExists = (fn: string): boolean => existsSync(join(repoRoot, 'functions', fn, 'index.ts'));

/** A JSON-deep copy of the manifests with one object changed by `edit` (found by kind and name). */
export const withEdit = (ms: readonly Manifest[], kind: string, name: string, edit: (m: Manifest) => void): Manifest[] => {
  const copy = structuredClone(ms) as Manifest[];
  const target = copy.find((m) => m.kind === kind && m.metadata.name === name);
  if (!target) throw new Error(`no ${kind} ${name} to edit`);
  edit(target);
  return copy;
};

/** The manifests without the object of this kind and name. */
export const without = (ms: readonly Manifest[], kind: string, name: string): Manifest[] =>
  ms.filter((m) => !(m.kind === kind && m.metadata.name === name));

// ---- the event contract -------------------------------------------------------------------------------------

/** Triggers on types the contract does not define, consumed types no Trigger routes, and routes no consumer wants. */
export const contractProblems = (ms: readonly Manifest[]): string[] => {
  const triggers = triggersFrom(ms);
  const defined = new Set(pipelineEvents.map((e) => e.type));
  const wanted = new Set(Object.entries(consumers).flatMap(([fn, events]) => events.map((e) => `${fn} ← ${e.type}`)));
  const routed = new Set(triggers.map((t) => `${t.subscriber} ← ${t.attributes.type ?? '(no type)'}`));
  return [
    ...triggers
      .filter((t) => !defined.has(t.attributes.type ?? ''))
      .map((t) => `Trigger ${t.name} filters on type ${t.attributes.type ?? '(none)'}, which the event contract does not define`),
    ...[...wanted]
      .filter((w) => !routed.has(w))
      .map((w) => `no Trigger routes ${w.split(' ← ')[1]} to ${w.split(' ← ')[0]}, which consumes it`),
    ...[...routed]
      .filter((r) => !wanted.has(r) && defined.has(r.split(' ← ')[1] ?? ''))
      .map((r) => `a Trigger routes ${r.split(' ← ')[1]} to ${r.split(' ← ')[0]}, which does not consume it`),
  ];
};

// ---- delivery ---------------------------------------------------------------------------------------------

const deliveryOf = (m: Manifest): Delivery | undefined => (m.spec as { delivery?: Delivery } | undefined)?.delivery;
const sinkName = (d: Delivery | undefined) => d?.deadLetterSink?.ref?.name;
const seconds = (iso: string | undefined) => (iso ? parseIsoDuration(iso) / 1000 : 0);

/** The outage a delivery outlasts (README, "What is never lost"), and the longest wait after the store is back. */
export const OUTAGE_SURVIVED_MS = 30 * 60_000;
const LONGEST_GAP_MS = 5 * 60_000;

/** The retries' total wait and their longest gap, as Knative computes the backoff. */
export const retryHorizon = (raw: Parameters<typeof parseDelivery>[0]): { totalMs: number; longestGapMs: number } => {
  const spec = parseDelivery(raw);
  const gaps = Array.from({ length: spec.retry }, (_, n) => backoffMs(spec, n + 1));
  return { totalMs: gaps.reduce((a, b) => a + b, 0), longestGapMs: Math.max(0, ...gaps) };
};

const horizonProblems = (where: string, d: NonNullable<ReturnType<typeof deliveryOf>>): string[] => {
  const { totalMs, longestGapMs } = retryHorizon(d as never);
  const min = (ms: number) => `${Math.round(ms / 6000) / 10} min`;
  return [
    ...(totalMs < OUTAGE_SURVIVED_MS
      ? [`${where}: retries span ${min(totalMs)}, less than the ${min(OUTAGE_SURVIVED_MS)} outage an accepted alert must survive`]
      : []),
    ...(longestGapMs > LONGEST_GAP_MS
      ? [`${where}: a gap of ${min(longestGapMs)} between retries delays recovery past ${min(LONGEST_GAP_MS)}`]
      : []),
  ];
};

/** Broker and Trigger delivery: retries with backoff and a timeout everywhere, and a dead-letter sink that stores. */
export const deliveryProblems = (ms: readonly Manifest[]): string[] => {
  const problems: string[] = [];
  const services = new Map(knativeServices(ms).map((s) => [s.metadata.name, s]));
  const brokers = byKind(ms, 'Broker');
  if (brokers.length !== 1) problems.push(`expected one Broker, found ${brokers.length}`);
  for (const broker of brokers) {
    const d = deliveryOf(broker);
    if (!d) {
      problems.push(`Broker ${broker.metadata.name} has no delivery spec`);
      continue;
    }
    if (!(typeof d.retry === 'number' && d.retry > 0))
      problems.push(`Broker ${broker.metadata.name}: delivery.retry must be a positive number`);
    if (!d.backoffPolicy || !d.backoffDelay || !d.timeout)
      problems.push(`Broker ${broker.metadata.name}: delivery needs backoffPolicy, backoffDelay and timeout`);
    else problems.push(...horizonProblems(`Broker ${broker.metadata.name}`, d));
    const dls = services.get(sinkName(d) ?? '');
    if (!dls || d.deadLetterSink?.ref?.kind !== 'Service')
      problems.push(`Broker ${broker.metadata.name}: delivery.deadLetterSink must reference a Knative Service in these manifests`);
    else if (functionOf(dls) !== 'dead-letter')
      problems.push(`Broker ${broker.metadata.name}: its deadLetterSink ${dls.metadata.name} does not run the dead-letter function`);
  }
  const brokerSink = sinkName(brokers[0] ? deliveryOf(brokers[0]) : undefined);
  for (const t of byKind(ms, 'Trigger')) {
    const spec = t.spec as { broker?: string; filter?: { attributes?: Record<string, string> }; subscriber?: { ref?: { name?: string } } };
    const d = deliveryOf(t);
    const where = `Trigger ${t.metadata.name}`;
    if (!brokers.some((b) => b.metadata.name === spec.broker)) problems.push(`${where}: broker ${spec.broker} is not in these manifests`);
    if (!d) {
      problems.push(`${where} has no delivery spec of its own`);
      continue;
    }
    if (typeof d.retry !== 'number') problems.push(`${where}: delivery.retry is not set`);
    if (!d.timeout) problems.push(`${where}: delivery.timeout is not set`);
    if ((d.retry ?? 0) > 0 && (!d.backoffPolicy || !d.backoffDelay))
      problems.push(`${where}: retries need a backoffPolicy and a backoffDelay`);
    // Our own events must never be dropped: a Trigger's delivery may replace the Broker's entirely.
    const ours = (spec.filter?.attributes?.type ?? '').startsWith('dev.alerts-slm.');
    if (ours && d.backoffPolicy && d.backoffDelay) problems.push(...horizonProblems(where, d));
    if (ours && sinkName(d) !== brokerSink)
      problems.push(`${where}: delivery.deadLetterSink must be the Broker's (${brokerSink ?? 'none'}), got ${sinkName(d) ?? 'none'}`);
    const subscriber = services.get(spec.subscriber?.ref?.name ?? '');
    if (subscriber && functionOf(subscriber) === 'dead-letter')
      problems.push(`${where} routes to the dead-letter sink, which would store every event`);
    const timeoutSeconds = subscriber ? templateOf(subscriber).spec?.timeoutSeconds : undefined;
    if (subscriber && typeof timeoutSeconds === 'number' && timeoutSeconds < seconds(d.timeout)) {
      problems.push(
        `${where}: its subscriber ${subscriber.metadata.name} times requests out after ${timeoutSeconds}s, before the Trigger's ${seconds(d.timeout)}s`,
      );
    }
  }
  return problems;
};

// ---- the Services ---------------------------------------------------------------------------------------------

const POSITIVE_INT = /^[1-9]\d*$/;

/** Each Knative Service: its FUNCTION, ServiceAccount, probes, scaling, timeouts, security context and volumes. */
export const serviceProblems = (ms: readonly Manifest[]): string[] => {
  const problems: string[] = [];
  const accounts = new Set(byKind(ms, 'ServiceAccount').map((a) => a.metadata.name));
  const configMaps = new Set(byKind(ms, 'ConfigMap').map((c) => c.metadata.name));
  const secrets = new Set(byKind(ms, 'Secret').map((s) => s.metadata.name));
  const services = knativeServices(ms);
  if (services.length === 0) problems.push('no Knative Service at all');
  for (const ksvc of services) {
    const name = `Service ${ksvc.metadata.name}`;
    const template = templateOf(ksvc);
    const spec = template.spec ?? {};
    const container = containerOf(template);
    const annotations = template.metadata?.annotations ?? {};
    const fn = functionOf(ksvc);
    if (!fn) problems.push(`${name}: no FUNCTION variable (the image would not know what to serve)`);
    else {
      if (ksvc.metadata.name !== `alerts-slm-${fn}`) problems.push(`${name}: runs FUNCTION=${fn}, so it should be named alerts-slm-${fn}`);
      if (!functionFolderExists(fn)) problems.push(`${name}: FUNCTION=${fn}, but functions/${fn}/index.ts does not exist`);
      if (spec.serviceAccountName !== `alerts-slm-${fn}`)
        problems.push(
          `${name}: serviceAccountName should be alerts-slm-${fn}, its own, got ${spec.serviceAccountName ?? 'none (the namespace default)'}`,
        );
    }
    if (spec.serviceAccountName && !accounts.has(spec.serviceAccountName))
      problems.push(`${name}: ServiceAccount ${spec.serviceAccountName} is not in these manifests`);
    if ((spec.containers ?? []).length !== 1) problems.push(`${name}: expected exactly one container`);
    if (container.image !== 'alerts-slm')
      problems.push(
        `${name}: image should be the placeholder alerts-slm (kustomize and make deploy set the real one), got ${container.image}`,
      );
    if (container.readinessProbe?.httpGet?.path !== '/health/readiness')
      problems.push(`${name}: readinessProbe must GET /health/readiness`);
    if (container.livenessProbe?.httpGet?.path !== '/health/liveness') problems.push(`${name}: livenessProbe must GET /health/liveness`);
    if (annotations['autoscaling.knative.dev/min-scale'] !== '0')
      problems.push(`${name}: autoscaling.knative.dev/min-scale must be "0" (scale to zero)`);
    if (!POSITIVE_INT.test(annotations['autoscaling.knative.dev/max-scale'] ?? ''))
      problems.push(`${name}: autoscaling.knative.dev/max-scale must be a positive integer`);
    if (!POSITIVE_INT.test(annotations['autoscaling.knative.dev/target'] ?? ''))
      problems.push(`${name}: autoscaling.knative.dev/target must be a positive integer`);
    if (typeof spec.containerConcurrency !== 'number') problems.push(`${name}: containerConcurrency is not set`);
    if (!(typeof spec.timeoutSeconds === 'number' && spec.timeoutSeconds > 0 && spec.timeoutSeconds <= 600))
      problems.push(`${name}: timeoutSeconds must be set, within Knative's default maximum of 600`);
    if (ksvc.metadata.labels?.['networking.knative.dev/visibility'] !== 'cluster-local')
      problems.push(`${name}: must be labelled networking.knative.dev/visibility: cluster-local`);
    if (template.metadata?.labels?.['app.kubernetes.io/name'] !== 'alerts-slm')
      problems.push(`${name}: its pods must carry app.kubernetes.io/name: alerts-slm (the NetworkPolicy selects them by it)`);
    if (!container.resources?.requests?.memory || !container.resources.limits?.memory)
      problems.push(`${name}: memory request and limit must be set`);
    const sc = container.securityContext ?? {};
    if (sc.runAsNonRoot !== true) problems.push(`${name}: securityContext.runAsNonRoot must be true`);
    if (sc.runAsUser !== undefined) problems.push(`${name}: must not pin runAsUser (OpenShift assigns an arbitrary UID)`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${name}: securityContext.readOnlyRootFilesystem must be true`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${name}: securityContext.allowPrivilegeEscalation must be false`);
    if (!sc.capabilities?.drop?.includes('ALL')) problems.push(`${name}: securityContext.capabilities must drop ALL`);
    problems.push(...writableTmpProblems(name, template));
    const volumes = new Map((spec.volumes ?? []).map((v) => [v.name, v]));
    for (const mount of container.volumeMounts ?? [])
      if (!volumes.has(mount.name)) problems.push(`${name}: volumeMount ${mount.name} names no volume`);
    for (const v of volumes.values()) {
      if (v.configMap && !configMaps.has(v.configMap.name))
        problems.push(`${name}: volume ${v.name} mounts ConfigMap ${v.configMap.name}, which is not in these manifests`);
      if (v.secret && !secrets.has(v.secret.secretName))
        problems.push(`${name}: volume ${v.name} mounts Secret ${v.secret.secretName}, which the template does not describe`);
    }
  }
  return problems;
};

/**
 * A container with a read-only root filesystem still has a writable /tmp: an emptyDir mounted there, not read-only
 * (Node, and the buildpack launcher that starts it in the image, write temporary files there).
 */
export const writableTmpProblems = (name: string, template: PodTemplate): string[] =>
  (template.spec?.containers ?? []).flatMap((c) => {
    if (c.securityContext?.readOnlyRootFilesystem !== true) return [];
    const tmp = c.volumeMounts?.find((m) => m.mountPath === '/tmp');
    const volume = template.spec?.volumes?.find((v) => v.name === tmp?.name);
    if (!tmp || !volume?.emptyDir)
      return [`${name}: the root filesystem is read-only, so /tmp must be an emptyDir (the one writable path)`];
    return tmp.readOnly ? [`${name}: /tmp is mounted read-only`] : [];
  });

// ---- the Knative release --------------------------------------------------------------------------------------

const serviceContainers = (ms: readonly Manifest[]) => knativeServices(ms).flatMap((s) => templateOf(s).spec?.containers ?? []);

/**
 * What the manifests may use that older Knative releases refuse (or, for Eventing, ignore), with the release
 * that first accepts it as installed, from the release notes of knative/serving v1.8.0 and knative/eventing v1.7.0.
 */
export const KNATIVE_FEATURES: readonly { feature: string; since: string; uses: (ms: readonly Manifest[]) => boolean }[] = [
  {
    feature: 'an emptyDir volume in a Service (serving#13405: kubernetes.podspec-volumes-emptydir enabled by default)',
    since: '1.8',
    uses: (ms) => knativeServices(ms).some((s) => (templateOf(s).spec?.volumes ?? []).some((v) => v.emptyDir)),
  },
  {
    feature: "securityContext.seccompProfile in a Service's container (serving#13401)",
    since: '1.8',
    uses: (ms) => serviceContainers(ms).some((c) => c.securityContext?.seccompProfile !== undefined),
  },
  {
    feature: "securityContext.allowPrivilegeEscalation in a Service's container (serving#13395)",
    since: '1.8',
    uses: (ms) => serviceContainers(ms).some((c) => c.securityContext?.allowPrivilegeEscalation !== undefined),
  },
  {
    feature: 'delivery.timeout on a Broker or Trigger (eventing#6472: the delivery-timeout feature enabled by default)',
    since: '1.7',
    uses: (ms) => [...byKind(ms, 'Broker'), ...byKind(ms, 'Trigger')].some((m) => deliveryOf(m)?.timeout !== undefined),
  },
];

const minor = (version: string) => Number(version.split('.')[1]);

/** The oldest Knative release (Serving and Eventing) that takes the manifests as they are, and the features that say so. */
export const knativeReleaseNeeded = (ms: readonly Manifest[]): { release: string; because: string[] } => {
  const used = KNATIVE_FEATURES.filter((f) => f.uses(ms));
  const release = used.reduce((newest, f) => (minor(f.since) > minor(newest) ? f.since : newest), '1.0');
  return { release, because: used.filter((f) => f.since === release).map((f) => f.feature) };
};

// ---- RBAC ---------------------------------------------------------------------------------------------------

const grantKey = (apiGroup: string, resource: string, verb: string) => `${apiGroup === '' ? 'core' : apiGroup} ${verb} ${resource}`;

/** Each function's ServiceAccount holds exactly `declared[fn]` (absent: nothing), through ClusterRole(Binding)s. */
export const rbacProblems = (ms: readonly Manifest[], declared: Readonly<Record<string, readonly Permission[]>>): string[] => {
  const problems: string[] = [];
  const roles = new Map(ms.filter((m) => m.kind === 'ClusterRole' || m.kind === 'Role').map((r) => [`${r.kind} ${r.metadata.name}`, r]));
  const bindings = ms.filter((m) => m.kind === 'ClusterRoleBinding' || m.kind === 'RoleBinding');
  const accounts = new Map(byKind(ms, 'ServiceAccount').map((a) => [a.metadata.name, a]));
  const functionAccounts = new Map<string, string>(
    knativeServices(ms).flatMap((s) => {
      const fn = functionOf(s);
      return fn ? [[`alerts-slm-${fn}`, fn]] : [];
    }),
  );
  const granted = new Map<string, Set<string>>();
  for (const b of bindings) {
    const ref = b.roleRef as { kind: string; name: string };
    const role = roles.get(`${ref.kind} ${ref.name}`);
    if (!role) problems.push(`${b.kind} ${b.metadata.name} binds ${ref.kind} ${ref.name}, which is not in these manifests`);
    for (const s of (b.subjects ?? []) as Subject[]) {
      if (s.kind !== 'ServiceAccount' || !accounts.has(s.name)) {
        problems.push(`${b.kind} ${b.metadata.name} binds ${s.kind} ${s.name}, not one of our ServiceAccounts`);
        continue;
      }
      if (s.namespace !== NAMESPACE) problems.push(`${b.kind} ${b.metadata.name}: subject ${s.name} must name namespace ${NAMESPACE}`);
      const set = granted.get(s.name) ?? new Set<string>();
      for (const rule of (role?.rules ?? []) as RbacRule[]) {
        if (rule.nonResourceURLs) problems.push(`${role?.kind} ${role?.metadata.name} grants non-resource URLs`);
        if (rule.resourceNames)
          problems.push(`${role?.kind} ${role?.metadata.name} restricts by resourceNames, which FUNCTION_PERMISSIONS cannot express`);
        for (const g of rule.apiGroups ?? [])
          for (const r of rule.resources ?? []) for (const v of rule.verbs ?? []) set.add(grantKey(g, r, v));
      }
      granted.set(s.name, set);
    }
  }
  for (const [account, fn] of functionAccounts) {
    const want = new Set((declared[fn] ?? []).flatMap((p) => p.verbs.map((v) => grantKey(p.apiGroup, p.resource, v))));
    const have = granted.get(account) ?? new Set<string>();
    for (const g of have) if (!want.has(g)) problems.push(`RBAC grants ${fn} "${g}", which FUNCTION_PERMISSIONS does not declare`);
    for (const w of want) if (!have.has(w)) problems.push(`RBAC does not grant ${fn} "${w}", which FUNCTION_PERMISSIONS declares`);
    if (
      want.size === 0 &&
      (accounts.get(account) as { automountServiceAccountToken?: boolean } | undefined)?.automountServiceAccountToken !== false
    ) {
      problems.push(`ServiceAccount ${account} needs no API access: set automountServiceAccountToken: false`);
    }
  }
  for (const account of granted.keys())
    if (!functionAccounts.has(account)) problems.push(`ServiceAccount ${account} is bound to a role but runs no function`);
  return problems;
};

// ---- the NetworkPolicy ---------------------------------------------------------------------------------------

/** Namespaces the function pods must admit: the activator and autoscaler, the broker's dispatcher, Alertmanager. */
export const REQUIRED_PEERS = ['knative-serving', 'knative-eventing', 'monitoring'] as const;

/** A NetworkPolicy selects every function pod and admits (at least) Knative's data plane, the broker and Alertmanager. */
export const networkPolicyProblems = (ms: readonly Manifest[]): string[] => {
  const policies = byKind(ms, 'NetworkPolicy');
  const problems: string[] = [];
  for (const ksvc of knativeServices(ms)) {
    const labels = templateOf(ksvc).metadata?.labels ?? {};
    const selecting = policies.filter((p) => {
      const match = (p.spec as { podSelector?: { matchLabels?: Record<string, string> } }).podSelector?.matchLabels ?? {};
      return Object.entries(match).every(([k, v]) => labels[k] === v);
    });
    if (selecting.length === 0) {
      problems.push(`no NetworkPolicy selects the pods of ${ksvc.metadata.name}`);
      continue;
    }
    const peers = new Set(
      selecting.flatMap((p) => {
        const ingress =
          (p.spec as { ingress?: { from?: { namespaceSelector?: { matchLabels?: Record<string, string> } }[] }[] }).ingress ?? [];
        return ingress.flatMap((rule) =>
          (rule.from ?? []).map((f) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] ?? ''),
        );
      }),
    );
    for (const peer of REQUIRED_PEERS)
      if (!peers.has(peer)) problems.push(`the NetworkPolicy for ${ksvc.metadata.name} does not admit namespace ${peer}`);
  }
  return problems;
};

// ---- environment and configuration ----------------------------------------------------------------------------

/** Where a workload's containers are: Knative Services' revision templates and Jobs' pod templates. */
export const workloads = (ms: readonly Manifest[]): { name: string; template: PodTemplate }[] => [
  ...knativeServices(ms).map((s) => ({ name: `Service ${s.metadata.name}`, template: templateOf(s) })),
  ...byKind(ms, 'Job').map((j) => ({
    name: `Job ${j.metadata.name}`,
    template: ((j.spec ?? {}) as { template?: PodTemplate }).template ?? {},
  })),
];

const secretData = (ms: readonly Manifest[], name: string): Record<string, string> | undefined => {
  const secret = byKind(ms, 'Secret').find((s) => s.metadata.name === name);
  return secret ? ((secret.stringData ?? {}) as Record<string, string>) : undefined;
};
const configMapData = (ms: readonly Manifest[], name: string): Record<string, string> | undefined =>
  byKind(ms, 'ConfigMap').find((c) => c.metadata.name === name)?.data as Record<string, string> | undefined;

/** Variables the manifests set that the configuration does not know, and references to keys nobody provides. */
export const envProblems = (ms: readonly Manifest[], known: ReadonlySet<string>, secretTemplateText: string): string[] => {
  const problems: string[] = [];
  // NODE_OPTIONS is Node's own (each function's heap bounds), not our configuration.
  const allowed = new Set([...known, 'FUNCTION', 'NODE_OPTIONS', ...KNATIVE_SET_ENV]);
  for (const { name, template } of workloads(ms)) {
    for (const c of template.spec?.containers ?? []) {
      for (const e of c.env ?? []) {
        if (!allowed.has(e.name)) problems.push(`${name} sets ${e.name}, which lib/config/env-vars.ts does not know`);
        const ref = e.valueFrom?.secretKeyRef;
        if (ref) {
          const data = secretData(ms, ref.name);
          if (!data) problems.push(`${name}: ${e.name} reads Secret ${ref.name}, which the template does not describe`);
          else if (!(ref.key in data) && !(ref.optional && secretTemplateText.includes(`# ${ref.key}:`))) {
            problems.push(
              `${name}: ${e.name} reads key ${ref.key} of Secret ${ref.name}, which the template neither sets nor documents as optional`,
            );
          }
        }
        const cmRef = e.valueFrom?.configMapKeyRef;
        if (cmRef && !(cmRef.key in (configMapData(ms, cmRef.name) ?? {})))
          problems.push(`${name}: ${e.name} reads ConfigMap ${cmRef.name} key ${cmRef.key}, which is not there`);
      }
      for (const from of c.envFrom ?? []) {
        if (from.secretRef) problems.push(`${name}: envFrom a Secret hides which variables it sets; use secretKeyRef`);
        if (!from.configMapRef) continue;
        const data = configMapData(ms, from.configMapRef.name);
        if (!data) problems.push(`${name}: envFrom ConfigMap ${from.configMapRef.name}, which is not in these manifests`);
        for (const key of Object.keys(data ?? {}))
          if (!allowed.has(key))
            problems.push(`ConfigMap ${from.configMapRef.name} sets ${key}, which lib/config/env-vars.ts does not know`);
      }
    }
  }
  return problems;
};

/** What a workload's container would see: its environment, and the files its Secret and ConfigMap volumes mount. */
export interface WorkloadEnvironment {
  env: Record<string, string>;
  files: Map<string, string>;
}

/**
 * The environment of a workload's first container, as Kubernetes would build it from these manifests: envFrom
 * ConfigMaps, then env (values, Secret keys from the template, optional keys left out), plus mounted files.
 */
export const environmentOf = (ms: readonly Manifest[], template: PodTemplate): WorkloadEnvironment => {
  const container = containerOf(template);
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) Object.assign(env, from.configMapRef ? configMapData(ms, from.configMapRef.name) : {});
  for (const e of container.env ?? []) {
    const secretRef = e.valueFrom?.secretKeyRef;
    const cmRef = e.valueFrom?.configMapKeyRef;
    const value =
      e.value ??
      (secretRef ? secretData(ms, secretRef.name)?.[secretRef.key] : cmRef ? configMapData(ms, cmRef.name)?.[cmRef.key] : undefined);
    if (value !== undefined) env[e.name] = value;
  }
  const files = new Map<string, string>();
  const volumes = new Map((template.spec?.volumes ?? []).map((v) => [v.name, v]));
  for (const mount of container.volumeMounts ?? []) {
    const v = volumes.get(mount.name);
    const data = v?.secret ? secretData(ms, v.secret.secretName) : v?.configMap ? configMapData(ms, v.configMap.name) : undefined;
    if (!data || !v) continue;
    const items = v.secret?.items ?? v.configMap?.items ?? Object.keys(data).map((key) => ({ key, path: key }));
    for (const item of items) if (data[item.key] !== undefined) files.set(`${mount.mountPath}/${item.path}`, data[item.key] as string);
  }
  return { env, files };
};

// ---- func.yaml ------------------------------------------------------------------------------------------------

/** The func CLI release and func.yaml specVersion this repository's func.yaml is written for. */
export const FUNC_VERSION = 'knative-v1.20';
export const FUNC_SPEC_VERSION = '0.36.0';

type Shape =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | { enum: readonly string[] }
  | { pattern: RegExp }
  | { object: Record<string, Shape> }
  | { map: Shape }
  | { list: Shape };
const str: Shape = 'string';
const env: Shape = { object: { name: { pattern: /^[-._a-zA-Z][-._a-zA-Z0-9]*$/ }, value: str } };
const quantity: Shape = { pattern: /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/ };

/**
 * What func.yaml may contain at specVersion 0.36.0 (func knative-v1.20): the keys and types of func's published
 * JSON schema (schema/func_yaml-schema.json) and of the Function struct it is generated from, across that spec
 * version's releases. func ignores (and warns about) any other key, so a typo would silently do nothing.
 */
export const FUNC_YAML_0_36: Record<string, Shape> = {
  specVersion: str,
  name: { pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/ },
  domain: str,
  runtime: str,
  registry: str,
  image: str,
  imageDigest: str,
  namespace: str,
  created: { pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/ },
  invoke: { enum: ['http', 'cloudevent'] },
  build: {
    object: {
      git: { object: { url: str, revision: str, contextDir: str } },
      builderImages: { map: str },
      buildpacks: { list: str },
      builder: { enum: ['pack', 's2i'] },
      buildEnvs: { list: env },
      pvcSize: str,
      remoteStorageClass: str,
    },
  },
  run: {
    object: {
      volumes: {
        list: {
          object: {
            secret: str,
            configMap: str,
            persistentVolumeClaim: { object: { claimName: str, readOnly: 'boolean' } },
            emptyDir: { object: { medium: str, sizeLimit: str } },
            path: str,
          },
        },
      },
      envs: { list: env },
      startTimeout: 'integer',
    },
  },
  deploy: {
    object: {
      namespace: str,
      image: str,
      remote: 'boolean',
      annotations: { map: str },
      options: {
        object: {
          scale: {
            object: { min: 'integer', max: 'integer', metric: { enum: ['concurrency', 'rps'] }, target: 'number', utilization: 'number' },
          },
          resources: {
            object: {
              requests: { object: { cpu: quantity, memory: quantity } },
              limits: { object: { cpu: quantity, memory: quantity, concurrency: 'integer' } },
            },
          },
        },
      },
      labels: { list: { object: { key: str, value: str } } },
      healthEndpoints: { object: { liveness: str, readiness: str } },
      serviceAccountName: str,
      subscriptions: { list: { object: { source: str, filters: { map: str } } } },
    },
  },
};

const shapeProblems = (value: unknown, shape: Shape, path: string): string[] => {
  if (shape === 'string') return typeof value === 'string' ? [] : [`${path} must be a string`];
  if (shape === 'boolean') return typeof value === 'boolean' ? [] : [`${path} must be true or false`];
  if (shape === 'integer') return Number.isInteger(value) ? [] : [`${path} must be an integer`];
  if (shape === 'number') return typeof value === 'number' ? [] : [`${path} must be a number`];
  if ('enum' in shape)
    return typeof value === 'string' && shape.enum.includes(value) ? [] : [`${path} must be one of ${shape.enum.join(', ')}`];
  if ('pattern' in shape) return typeof value === 'string' && shape.pattern.test(value) ? [] : [`${path} is not valid (${shape.pattern})`];
  if ('list' in shape)
    return Array.isArray(value) ? value.flatMap((v, i) => shapeProblems(v, shape.list, `${path}[${i}]`)) : [`${path} must be a list`];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path} must be a mapping`];
  if ('map' in shape) return Object.entries(value).flatMap(([k, v]) => shapeProblems(v, shape.map, `${path}.${k}`));
  return Object.entries(value).flatMap(([k, v]) => {
    const inner = shape.object[k];
    return inner
      ? shapeProblems(v, inner, path ? `${path}.${k}` : k)
      : [`${path ? `${path}.` : ''}${k} is not a func.yaml key at specVersion ${FUNC_SPEC_VERSION}`];
  });
};

/** func.yaml against the keys and types of specVersion 0.36.0, plus what this project's image needs from it. */
export const funcYamlProblems = (doc: unknown): string[] => {
  const problems = shapeProblems(doc, { object: FUNC_YAML_0_36 }, '');
  const f = (doc ?? {}) as {
    specVersion?: string;
    created?: string;
    runtime?: string;
    build?: { builder?: string; buildEnvs?: { name?: string; value?: string }[] };
  };
  if (f.specVersion !== FUNC_SPEC_VERSION)
    problems.push(`specVersion must be ${FUNC_SPEC_VERSION} (func ${FUNC_VERSION}), got ${f.specVersion}`);
  if (!f.created) problems.push('created is required (func treats a function without it as not initialised)');
  if (f.runtime !== 'typescript') problems.push(`runtime must be typescript, got ${f.runtime}`);
  if (f.build?.builder !== 'pack')
    problems.push('build.builder must be pack (the images run /cnb/lifecycle/launcher for the migration Job)');
  const buildEnv = new Map((f.build?.buildEnvs ?? []).map((e) => [e.name, e.value]));
  if (buildEnv.get('BP_NODE_RUN_SCRIPTS') !== 'build')
    problems.push('build.buildEnvs must set BP_NODE_RUN_SCRIPTS=build (the buildpack then runs npm run build)');
  const nvmrc = readFileSync(join(repoRoot, '.nvmrc'), 'utf8').trim().split('.')[0];
  if (buildEnv.get('BP_NODE_VERSION') !== nvmrc)
    problems.push(`build.buildEnvs must set BP_NODE_VERSION=${nvmrc} (.nvmrc), got ${buildEnv.get('BP_NODE_VERSION')}`);
  return problems;
};

/** Reads func.yaml at the repository root. */
export const loadFuncYaml = (): unknown => parseYaml(readFileSync(join(repoRoot, 'func.yaml'), 'utf8'));
