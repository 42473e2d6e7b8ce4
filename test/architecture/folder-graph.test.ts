import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeGraph, folderCycles, folderGraph } from '../support/folder-graph.ts';

test('the folders of functions/ and lib/ import each other without a cycle', (t) => {
  const graph = folderGraph('.');
  const cycles = folderCycles(graph);
  for (const cycle of cycles) {
    for (const a of cycle) for (const b of cycle) t.log(...(graph.because.get(`${a} -> ${b}`) ?? []));
  }
  t.deepEqual(cycles, [], describeGraph(graph).join('\n'));
});

test('the check can fail: two folders that import each other are a cycle', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'folder-graph-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  for (const dir of ['functions', 'lib/a', 'lib/b']) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'lib/a/x.ts'), "import { y } from '../b/y.ts';\nexport const x = y;\n");
  writeFileSync(join(root, 'lib/b/y.ts'), "import type { x } from '../a/x.ts';\nexport const y = 1 as unknown as typeof x;\n");
  t.deepEqual(folderCycles(folderGraph(root)), [['lib/a', 'lib/b']]);
});
