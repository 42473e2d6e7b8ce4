import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTable } from '../../../lib/config/config-table.ts';

test('the README lists every configuration variable, exactly as the code defines them', (t) => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
  t.true(readme.includes(configTable()), `README.md's configuration table is stale; it should read:\n${configTable()}`);
});
