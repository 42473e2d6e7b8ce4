import test from 'ava';
import { join } from 'node:path';
import { serviceLimits } from '../../lib/cli/bench/memory-limit.ts';
import { knativeServices, loadKnative, repoRoot } from './manifest-checks.ts';

// V8 sizes its heap from the machine, not from the container's limit: without bounds a function's young and old
// generations may grow past the limit before V8 collects (make bench measured analyze at 0.75 of its limit after
// 1,000 events without them, 0.5 with them). Each Service bounds both, leaving room for code and native memory.
const MiB = 1024 * 1024;
// Code, stacks, buffers and the runtime: a function at readiness is ~100 MiB resident with an 18 MiB heap (make bench).
const NATIVE_ROOM_MIB = 80;

const heapProblems = (service: string, limits: { memoryBytes: number; nodeOptions: string }): string[] => {
  const flag = (name: string) => Number(new RegExp(`--${name}=(\\d+)`).exec(limits.nodeOptions)?.[1] ?? Number.NaN);
  const old = flag('max-old-space-size');
  const semi = flag('max-semi-space-size');
  if (Number.isNaN(old) || Number.isNaN(semi))
    return [`${service}: NODE_OPTIONS ${JSON.stringify(limits.nodeOptions)} does not bound the old and young generations`];
  // The young generation is three semi-spaces (two for scavenging, one for promotion), per V8's heap sizing.
  const heap = old + 3 * semi + NATIVE_ROOM_MIB;
  return heap * MiB > limits.memoryBytes
    ? [
        `${service}: old ${old} + young 3×${semi} + ${NATIVE_ROOM_MIB} MiB native = ${heap} MiB exceeds the limit of ${limits.memoryBytes / MiB} MiB`,
      ]
    : [];
};

const SERVICES = join(repoRoot, 'knative', 'services.yaml');

test('every function Service bounds its heap inside its memory limit', (t) => {
  const names = knativeServices(loadKnative()).map((s) => s.metadata.name);
  t.true(names.length >= 6);
  for (const name of names) t.deepEqual(heapProblems(name, serviceLimits(SERVICES, name)), [], name);
});

test('a Service without heap bounds, or with bounds larger than its limit, is reported', (t) => {
  t.regex(heapProblems('x', { memoryBytes: 256 * MiB, nodeOptions: '' }).join(), /does not bound the old and young generations/);
  t.regex(heapProblems('x', { memoryBytes: 256 * MiB, nodeOptions: '--max-old-space-size=192' }).join(), /does not bound/);
  t.regex(
    heapProblems('x', { memoryBytes: 256 * MiB, nodeOptions: '--max-semi-space-size=16 --max-old-space-size=224' }).join(),
    /= 352 MiB exceeds the limit of 256 MiB/,
  );
  t.deepEqual(heapProblems('x', { memoryBytes: 256 * MiB, nodeOptions: '--max-semi-space-size=16 --max-old-space-size=128' }), []);
});
