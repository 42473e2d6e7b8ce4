import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MEASURED_FILE, serviceLimits, type MeasuredMemory } from '../../lib/cli/bench/memory-limit.ts';
import { repoRoot } from './manifest-checks.ts';

// What `alerts-slm bench --only 'ingest load' --write-measured` found; the limit keeps 20 % above it.
const HEADROOM = 0.8;

const problems = (limits: ReturnType<typeof serviceLimits>, measured: MeasuredMemory): string[] => [
  ...(measured.peakBytes > HEADROOM * limits.memoryBytes
    ? [`measured peak ${measured.peakBytes} bytes is more than ${HEADROOM * 100} % of the memory limit ${limits.memoryBytes}`]
    : []),
  ...(limits.containerConcurrency < 1 || limits.containerConcurrency > measured.inFlight
    ? [
        `containerConcurrency ${limits.containerConcurrency} is not between 1 and the ${measured.inFlight} webhooks in flight the peak was measured with`,
      ]
    : []),
  ...(limits.nodeOptions !== measured.nodeOptions
    ? [
        `NODE_OPTIONS ${JSON.stringify(limits.nodeOptions)} is not what the peak was measured with (${JSON.stringify(measured.nodeOptions)})`,
      ]
    : []),
];

const manifest = () => serviceLimits(join(repoRoot, 'knative', 'services.yaml'), 'alerts-slm-ingest');
const measured = (): MeasuredMemory => JSON.parse(readFileSync(join(repoRoot, MEASURED_FILE), 'utf8')) as MeasuredMemory;

test("ingest's memory limit keeps 20 % above the peak the bench measured, with the concurrency and NODE_OPTIONS it ran with", (t) => {
  t.deepEqual(problems(manifest(), measured()), []);
  t.true(measured().peakBytes > 0);
});

test('a limit too close to the measured peak, more webhooks in flight than measured, or other heap options are each refused', (t) => {
  const limits = manifest();
  const peak = measured();
  t.regex(problems({ ...limits, memoryBytes: peak.peakBytes }, peak).join(), /more than 80 % of the memory limit/);
  t.regex(problems({ ...limits, containerConcurrency: 0 }, peak).join(), /containerConcurrency 0 is not between 1/);
  t.regex(problems({ ...limits, containerConcurrency: peak.inFlight + 1 }, peak).join(), /containerConcurrency 17 is not between/);
  t.regex(problems({ ...limits, nodeOptions: '' }, peak).join(), /NODE_OPTIONS "" is not what the peak was measured with/);
});
