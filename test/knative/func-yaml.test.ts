import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  containerOf,
  FUNC_SPEC_VERSION,
  FUNC_VERSION,
  funcYamlProblems,
  knativeDir,
  knativeServices,
  loadFuncYaml,
  loadKnative,
  repoRoot,
  templateOf,
} from './manifest-checks.ts';

const funcYaml = loadFuncYaml() as Record<string, unknown> & {
  deploy: { namespace: string; healthEndpoints: { liveness: string; readiness: string } };
};
const broken = (change: (f: Record<string, unknown>) => void) => {
  const copy = structuredClone(funcYaml);
  change(copy);
  return funcYamlProblems(copy);
};

test('func.yaml is valid for the func version the Knative guide names', (t) => {
  t.deepEqual(funcYamlProblems(funcYaml), []);
  const guide = readFileSync(join(knativeDir, 'README.md'), 'utf8');
  t.true(guide.includes(FUNC_VERSION), `knative/README.md must name func ${FUNC_VERSION}`);
  t.true(guide.includes(`specVersion ${FUNC_SPEC_VERSION}`), `knative/README.md must name specVersion ${FUNC_SPEC_VERSION}`);
});

test('the image func builds starts the entry, and its health endpoints are the ones the Services probe', (t) => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  // The buildpack runs `npm run build` (BP_NODE_RUN_SCRIPTS) and starts the `start` script's command.
  t.is(pkg.scripts.start, 'node dist/index.js');
  t.truthy(pkg.scripts.build);
  for (const ksvc of knativeServices(loadKnative())) {
    const c = containerOf(templateOf(ksvc));
    t.is(c.readinessProbe?.httpGet?.path, funcYaml.deploy.healthEndpoints.readiness);
    t.is(c.livenessProbe?.httpGet?.path, funcYaml.deploy.healthEndpoints.liveness);
  }
  t.is(funcYaml.deploy.namespace, 'alerts-slm');
});

test('a key func.yaml does not have at specVersion 0.36.0 is reported', (t) => {
  t.deepEqual(
    broken((f) => (f.scale = { min: 0 })),
    [`scale is not a func.yaml key at specVersion ${FUNC_SPEC_VERSION}`],
  );
  t.deepEqual(
    broken((f) => ((f.build as Record<string, unknown>).source = { url: 'x' })),
    [`build.source is not a func.yaml key at specVersion ${FUNC_SPEC_VERSION}`],
  );
});

test('a value of the wrong type or outside its enum is reported', (t) => {
  t.deepEqual(
    broken((f) => ((f.build as Record<string, unknown>).builder = 'docker')),
    ['build.builder must be one of pack, s2i', 'build.builder must be pack (the images run /cnb/lifecycle/launcher for the migration Job)'],
  );
  t.deepEqual(
    broken((f) => ((f.build as { buildEnvs: { name: string; value: unknown }[] }).buildEnvs[1] = { name: 'BP_NODE_VERSION', value: 24 })),
    ['build.buildEnvs[1].value must be a string', 'build.buildEnvs must set BP_NODE_VERSION=24 (.nvmrc), got 24'],
  );
});

test('a func.yaml without its creation stamp, or for another runtime or spec version, is reported', (t) => {
  t.deepEqual(
    broken((f) => delete f.created),
    ['created is required (func treats a function without it as not initialised)'],
  );
  t.deepEqual(
    broken((f) => (f.runtime = 'node')),
    ['runtime must be typescript, got node'],
  );
  t.deepEqual(
    broken((f) => (f.specVersion = '0.38.0')),
    [`specVersion must be ${FUNC_SPEC_VERSION} (func ${FUNC_VERSION}), got 0.38.0`],
  );
});
