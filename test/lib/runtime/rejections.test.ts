import test from 'ava';
import { Registry } from 'prom-client';
import { createLogger } from '../../../lib/runtime/logger.ts';
import { createRejections } from '../../../lib/runtime/rejections.ts';

const setup = () => {
  const lines: Record<string, unknown>[] = [];
  let now = 0;
  const registry = new Registry();
  const rejections = createRejections({
    registry,
    logger: createLogger({ write: (l) => lines.push(JSON.parse(l)) }),
    fn: 'ingest',
    now: () => now,
  });
  return { lines, registry, rejections, advance: (ms: number) => (now += ms) };
};

test('a flood of refusals is counted in full but logged at most ten times a minute per status', async (t) => {
  const { lines, registry, rejections } = setup();
  for (let i = 0; i < 40; i++) rejections.record(401, 'missing or wrong bearer token', '10.0.0.9');
  rejections.record(405, 'method GET is not allowed; use POST', '10.0.0.9');
  t.is(lines.filter((l) => l.status === 401).length, 10);
  t.is(lines.filter((l) => l.status === 405).length, 1);
  t.like(lines[0], { level: 'warn', msg: 'request rejected', status: 401, remoteAddress: '10.0.0.9' });
  t.regex(await registry.metrics(), /http_requests_rejected_total\{function="ingest",status="401"\} 40/);
});

test('after a minute the next refusal is logged again, with how many were left out', (t) => {
  const { lines, rejections, advance } = setup();
  for (let i = 0; i < 15; i++) rejections.record(401, 'missing or wrong bearer token', '10.0.0.9');
  advance(60_000);
  rejections.record(401, 'missing or wrong bearer token', '10.0.0.9');
  t.like(lines.at(-2), { msg: 'requests rejected and not logged in the last minute', status: 401, suppressed: 5 });
  t.like(lines.at(-1), { msg: 'request rejected', status: 401 });
});

test('an unknown source address is logged as unknown', (t) => {
  const { lines, rejections } = setup();
  rejections.record(400, 'invalid webhook body', undefined);
  t.like(lines[0], { remoteAddress: 'unknown' });
});
