import test from 'ava';
import { createLogger } from '../../../lib/runtime/logger.ts';

const capture = (level?: 'debug' | 'info' | 'warn' | 'error') => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    ...(level ? { level } : {}),
    write: (l) => lines.push(JSON.parse(l)),
    now: () => new Date('2026-11-27T00:00:00Z'),
  });
  return { logger, lines };
};

test('each line is one JSON object with time, level, message and fields', (t) => {
  const { logger, lines } = capture();
  logger.info('hello', { n: 1 });
  t.deepEqual(lines, [{ time: '2026-11-27T00:00:00.000Z', level: 'info', msg: 'hello', n: 1 }]);
});

test('a child carries its bound fields (the event id) on every line', (t) => {
  const { logger, lines } = capture();
  const child = logger.child({ eventId: 'e1' });
  child.warn('a');
  child.child({ fn: 'ingest' }).error('b');
  t.deepEqual(
    lines.map((l) => [l.eventId, l.fn]),
    [
      ['e1', undefined],
      ['e1', 'ingest'],
    ],
  );
});

test('lines below the level are dropped', (t) => {
  const { logger, lines } = capture('warn');
  logger.debug('x');
  logger.info('y');
  logger.warn('z');
  t.deepEqual(
    lines.map((l) => l.msg),
    ['z'],
  );
});

test('an error is logged by name, message and stack, never its cause or extra fields', (t) => {
  const { logger, lines } = capture();
  const error = Object.assign(new Error('boom', { cause: { password: 'pw' } }), { config: { token: 'secret' } });
  logger.error('failed', { error });
  const text = JSON.stringify(lines[0]);
  t.regex(text, /"message":"boom"/);
  t.false(text.includes('pw'));
  t.false(text.includes('secret'));
});

test('credentials in any URL never reach a log line, whichever field or message carries them', (t) => {
  const lines: string[] = [];
  const log = createLogger({ write: (l) => lines.push(l) });
  log.warn('model at http://alice:s3cret@ollama.local:11434 failed', {
    endpoint: 'https://bob:pa%40ss@llm.example/v1',
    error: new Error('connect to postgres://app:dbpass@db:5432/x refused'),
  });
  const line = lines.join('\n');
  for (const secret of ['s3cret', 'pa%40ss', 'dbpass', 'alice', 'bob:']) t.false(line.includes(secret), secret);
  t.true(line.includes('http://[redacted]@ollama.local:11434'));
  t.true(line.includes('https://[redacted]@llm.example/v1'));
});
