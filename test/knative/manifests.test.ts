import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { knativeDir, knativeReleaseNeeded, loadKnative, NAMESPACE } from './manifest-checks.ts';

const manifests = loadKnative();
const yamlFiles = readdirSync(knativeDir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
  .map((e) => relative(knativeDir, join(e.parentPath, e.name)))
  .sort();
const kustomizations = yamlFiles.filter((f) => f.endsWith('kustomization.yaml'));
const kustomization = (file: string) =>
  parseYaml(readFileSync(join(knativeDir, file), 'utf8')) as {
    namespace?: string;
    resources?: string[];
    patches?: { path?: string }[];
    images?: { name: string }[];
  };

// Applied on their own, by make deploy or by hand, as their own comments say; and the monitoring files that are not
// Kubernetes objects (a plain Prometheus rules file, its promtool unit tests, Grafana's provisioning files).
const NOT_IN_A_KUSTOMIZATION = [
  'namespace.yaml',
  'secret.example.yaml',
  'alertmanager/alertmanager-receiver.example.yaml',
  'alertmanager/alertmanagerconfig.yaml',
  'monitoring/alerts-slm.rules.yaml',
  'monitoring/alerts-slm.rules.test.yaml',
  'monitoring/grafana/dashboards.yaml',
  'monitoring/grafana/datasources.yaml',
];

test('every object in knative/ has an apiVersion, a kind and a name, unique per kind', (t) => {
  const seen = new Set<string>();
  for (const m of manifests) {
    t.truthy(m.apiVersion && m.kind && m.metadata?.name, m.file);
    const key = `${m.kind}/${m.metadata.name}`;
    t.false(seen.has(key), `${key} is defined twice`);
    seen.add(key);
  }
});

test('every manifest file is deployed by a kustomization or is one of the files applied on their own', (t) => {
  // A resource is a file, or a folder with a kustomization of its own (an overlay's base); a patch is a file too.
  const entries = kustomizations.flatMap((k) =>
    [...(kustomization(k).resources ?? []), ...(kustomization(k).patches ?? []).flatMap((p) => (p.path ? [p.path] : []))].map((r) =>
      join(dirname(k), r),
    ),
  );
  const folders = entries.filter((r) => !/\.ya?ml$/.test(r));
  const listed = entries.filter((r) => /\.ya?ml$/.test(r));
  for (const f of folders) t.true(kustomizations.includes(join(f, 'kustomization.yaml')), `${f}/ is listed but has no kustomization.yaml`);
  for (const r of listed) t.true(yamlFiles.includes(r), `${r} is listed but does not exist`);
  const manifestFiles = yamlFiles.filter((f) => !kustomizations.includes(f));
  t.deepEqual(manifestFiles.filter((f) => !listed.includes(f)).sort(), [...NOT_IN_A_KUSTOMIZATION].sort());
});

test('everything goes into one namespace, set by the kustomizations and created by namespace.yaml', (t) => {
  t.deepEqual(
    kustomizations.map((k) => kustomization(k).namespace),
    kustomizations.map(() => NAMESPACE),
  );
  t.is(manifests.find((m) => m.kind === 'Namespace')?.metadata.name, NAMESPACE);
  const pinned = manifests.filter((m) => m.metadata.namespace !== undefined);
  t.deepEqual(
    pinned.map((m) => m.kind),
    ['AlertmanagerConfig'],
    'only the file applied on its own names its namespace',
  );
});

test('every object carries app.kubernetes.io/name: alerts-slm, so kubectl -l finds all of it', (t) => {
  const missing = manifests.filter((m) => m.metadata.labels?.['app.kubernetes.io/name'] !== 'alerts-slm');
  t.deepEqual(
    missing.map((m) => `${m.kind}/${m.metadata.name}`),
    [],
  );
});

test('the manifests parse as YAML 1.2 without warnings', (t) => {
  for (const f of yamlFiles)
    for (const doc of parseAllDocuments(readFileSync(join(knativeDir, f), 'utf8')))
      t.deepEqual(
        [...doc.errors, ...doc.warnings].map((e) => e.message),
        [],
        f,
      );
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const render = (dir: string) => spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });

// Without kubectl the rendering cannot be checked: the test says so by being skipped, not by passing.
const withKubectl = kubectl.status === 0 ? test : test.skip;
if (kubectl.status !== 0) console.warn('kubectl is not installed here: the kustomize rendering is not checked');

withKubectl('kustomize renders both kustomizations into the namespace, with the image placeholder set', (t) => {
  for (const dir of ['.', 'migrate']) {
    const out = render(join(knativeDir, dir));
    t.is(out.status, 0, out.stderr);
    const objects = parseAllDocuments(out.stdout).map(
      (d) => d.toJS() as { kind: string; metadata: { namespace?: string; name: string }; subjects?: { namespace: string }[] },
    );
    const clusterScoped = ['ClusterRole', 'ClusterRoleBinding'];
    for (const o of objects)
      t.is(o.metadata.namespace, clusterScoped.includes(o.kind) ? undefined : NAMESPACE, `${o.kind}/${o.metadata.name}`);
    for (const o of objects) for (const s of o.subjects ?? []) t.is(s.namespace, NAMESPACE);
    const images = [...out.stdout.matchAll(/^\s+image: (\S+)$/gm)].map((m) => m[1]);
    t.true(images.length > 0 && images.every((i) => i === 'alerts-slm:latest'), images.join(', '));
  }
});

test('every ConfigMap and Secret value is a string, as the API server requires', (t) => {
  for (const m of manifests.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret')) {
    const data = { ...((m.data ?? {}) as Record<string, unknown>), ...((m.stringData ?? {}) as Record<string, unknown>) };
    for (const [key, value] of Object.entries(data)) t.is(typeof value, 'string', `${m.kind}/${m.metadata.name} ${key}`);
  }
});

test('knative/README.md names the oldest Knative release the manifests need: the newest among the features they use', (t) => {
  const { release, because } = knativeReleaseNeeded(manifests);
  t.true(because.length > 0);
  const guide = readFileSync(join(knativeDir, 'README.md'), 'utf8');
  const why = because.join('; ');
  t.true(guide.includes(`**${release} or later**`), `knative/README.md should say Knative **${release} or later**, because of ${why}`);
});

test('the Knative release needed follows the features: without the emptyDir and those security context fields, Eventing 1.7 would do', (t) => {
  const plain = manifests.map((m) => {
    if (m.kind !== 'Service' || !m.apiVersion.startsWith('serving.knative.dev/')) return m;
    type Container = { securityContext?: unknown; volumeMounts?: unknown[] };
    type Editable = { spec: { template: { spec: { volumes?: unknown[]; containers: Container[] } } } };
    const copy = structuredClone(m) as unknown as Editable;
    delete copy.spec.template.spec.volumes;
    for (const c of copy.spec.template.spec.containers) {
      delete c.securityContext;
      delete c.volumeMounts;
    }
    return copy as unknown as typeof m;
  });
  t.is(knativeReleaseNeeded(plain).release, '1.7');
  t.is(knativeReleaseNeeded(manifests).release, '1.8');
});
