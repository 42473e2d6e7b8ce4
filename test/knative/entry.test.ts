import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '../support/free-port.ts';
import { environmentOf, functionFolderExists, functionOf, knativeServices, loadKnative, repoRoot, templateOf } from './manifest-checks.ts';

// The built image entry, as each Knative Service starts it (make test builds dist/ first): `node dist/index.js`
// with FUNCTION and the environment its manifests give it, mounted files included, and nothing from this machine.
const entry = join(repoRoot, 'dist', 'index.js');
const manifests = loadKnative();
const bound = new Set(manifests.filter((m) => m.kind === 'SinkBinding').map((m) => (m.spec as { subject: { name: string } }).subject.name));

/** Starts the entry for a Service; resolves with the status of /health/readiness once 200, or the last one seen. */
const startAsDeployed = async (
  service: (typeof manifests)[number],
  withSinkBinding: boolean,
  log: (line: string) => void,
): Promise<{ status: number; exit: number | null; stderr: string }> => {
  const root = mkdtempSync(join(tmpdir(), 'alerts-slm-entry-'));
  const { env, files } = environmentOf(manifests, templateOf(service));
  // Mounted files land under a scratch root; the variables that name them are pointed there too.
  const remap = (value: string) => (files.has(value) ? join(root, value) : value);
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const port = await freePort();
  const childEnv: Record<string, string> = {
    ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, remap(v)])),
    // What Knative adds: the port, and K_SINK where a SinkBinding targets the Service.
    PORT: String(port),
    ...(withSinkBinding ? { K_SINK: 'http://broker-ingress.knative-eventing.svc.cluster.local/alerts-slm/alerts-slm' } : {}),
    HOME: root,
    DATA_DIR: join(root, 'data'),
    LOG_LEVEL: 'error',
  };
  const child = spawn(process.execPath, [entry], { env: childEnv, cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exit: number | null = null;
  child.on('exit', (code) => (exit = code));
  let status = 0;
  try {
    for (let i = 0; i < 400 && status !== 200 && exit === null; i++) {
      status = await fetch(`http://127.0.0.1:${port}/health/readiness`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    child.kill();
    rmSync(root, { recursive: true, force: true });
  }
  if (status !== 200) log(stderr);
  return { status, exit, stderr };
};

for (const service of knativeServices(manifests)) {
  const fn = functionOf(service) ?? '(no FUNCTION)';
  test(`the image entry starts ${fn} as ${service.metadata.name} deploys it, ready on /health/readiness`, async (t) => {
    t.true(functionFolderExists(fn), `functions/${fn} does not exist`);
    t.true(existsSync(entry), 'dist/index.js is missing: run `make build`');
    const { status, exit } = await startAsDeployed(service, bound.has(service.metadata.name), (line) => t.log(line));
    t.is(exit, null, `the entry exited with ${exit}`);
    t.is(status, 200);
  });
}

test('a function whose Service lost its SinkBinding does not start (assess publishes to K_SINK)', async (t) => {
  const assess = knativeServices(manifests).find((s) => functionOf(s) === 'assess');
  if (!assess) return t.fail('no assess Service');
  t.true(bound.has(assess.metadata.name));
  const { status, stderr } = await startAsDeployed(assess, false, () => {});
  t.not(status, 200);
  t.regex(stderr, /BROKER_URL \(or K_SINK from a SinkBinding\) is required for assess/);
});
