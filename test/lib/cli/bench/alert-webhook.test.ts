import test from 'ava';
import { replicaPod } from '../../../../lib/cli/bench/alert-webhook.ts';

test('the storm names a distinct pod of the same ReplicaSet for each alert', (t) => {
  const pods = Array.from({ length: 1000 }, (_, i) => replicaPod(i));
  t.is(new Set(pods).size, 1000);
  for (const pod of pods) t.regex(pod, /^api-7c9d5b8f6-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});
