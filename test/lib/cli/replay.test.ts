import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemsInFile, replayFiles } from '../../../lib/cli/replay.ts';
import { ALERTMANAGER_FIXTURES, captures } from '../../support/fixtures.ts';

test('a folder gives its payload files in name order, without the header sidecars', (t) => {
  t.deepEqual(
    replayFiles(ALERTMANAGER_FIXTURES).map((f) => f.split('/').at(-1)),
    captures().map((c) => c.name),
  );
});

test('a webhook payload is sent byte for byte', (t) => {
  const [item] = itemsInFile(join(ALERTMANAGER_FIXTURES, captures()[0]!.name));
  t.is(item?.kind, 'webhook');
  t.is(item?.body, captures()[0]!.body);
});

test('JSON lines of CloudEvents become binary-mode requests; a bad line is named', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-'));
  const file = join(dir, 'dead-letters.jsonl');
  writeFileSync(
    file,
    '{"specversion":"1.0","id":"a","source":"/s","type":"t","data":{"x":1}}\n\n{"specversion":"1.0","id":"b","source":"/s","type":"t"}\n',
  );
  const items = itemsInFile(file);
  t.deepEqual(
    items.map((i) => [i.kind, i.headers['ce-id'], i.origin.split('/').at(-1)]),
    [
      ['cloudevent', 'a', 'dead-letters.jsonl:1'],
      ['cloudevent', 'b', 'dead-letters.jsonl:3'],
    ],
  );
  writeFileSync(file, '{"specversion":"1.0","id":"a","source":"/s","type":"t"}\nnot json\n');
  t.throws(() => itemsInFile(file), { message: /dead-letters\.jsonl:2: not JSON/ });
});

test('a JSON array (a corpus, say) is refused as neither payload nor event', (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'replay-')), 'corpus.json');
  writeFileSync(file, '[{"a":1}]');
  t.throws(() => itemsInFile(file), { message: /neither an Alertmanager payload nor a CloudEvent/ });
});
