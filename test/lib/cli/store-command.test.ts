import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteDriver } from '../../../lib/store/pglite-driver.ts';
import { loadMigrations, migrate } from '../../../lib/store/migrate.ts';
import { TEST_DATABASE_URL, testDatabase } from '../../support/test-database.ts';

// The built binary, as a person runs it (make test builds dist/ first).
const cli = join(import.meta.dirname, '..', '..', '..', 'dist', 'cli.js');
const run = (args: string[], env: Record<string, string>) => {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'DATABASE_DRIVER', 'DATA_DIR', 'CONFIG_FILE'].includes(k)),
  );
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...clean, ...env } });
};
const root = mkdtempSync(join(tmpdir(), 'alerts-slm-cli-'));
test.after.always(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const scratch = () => join(root, String(++n));
// An embedded database under DATA_DIR, initialised (and migrated up to `migrations`) as an older run left it.
const embedded = async (dataDir: string, migrations: ReturnType<typeof loadMigrations> | null) => {
  mkdirSync(dataDir, { recursive: true });
  const driver = await createPgliteDriver({ dataDir: join(dataDir, 'pgdata') });
  if (migrations) await migrate(driver, migrations);
  await driver.close();
};

test('a command against a DATA_DIR without a database says so, and creates nothing', (t) => {
  const dataDir = join(scratch(), '.data');
  for (const command of [['history'], ['pending'], ['stats'], ['reject', 'x']]) {
    const r = run(command, { DATA_DIR: dataDir });
    t.is(r.status, 1, r.stderr);
    t.is(r.stderr.trim(), `alerts-slm ${command[0]}: no database under ${dataDir} (start the pipeline with make run, or set DATABASE_URL)`);
  }
  t.false(existsSync(dataDir));
});

test('an embedded database without the schema says to migrate; after migrate the command answers', async (t) => {
  const dataDir = join(scratch(), '.data');
  await embedded(dataDir, null);
  const before = run(['history'], { DATA_DIR: dataDir });
  t.is(before.status, 1);
  t.is(before.stderr.trim(), 'alerts-slm history: the database has no alerts-slm schema: run alerts-slm migrate');
  t.is(run(['migrate'], { DATA_DIR: dataDir }).status, 0);
  const after = run(['history'], { DATA_DIR: dataDir });
  t.is(after.status, 0, after.stderr);
  t.is(after.stdout.trim(), 'no decisions recorded yet');
});

test('a schema that lacks later migrations names them', async (t) => {
  const dataDir = join(scratch(), '.data');
  const all = loadMigrations();
  await embedded(dataDir, all.slice(0, 1));
  const r = run(['pending'], { DATA_DIR: dataDir });
  t.is(r.status, 1);
  t.is(
    r.stderr.trim(),
    `alerts-slm pending: the database's alerts-slm schema lacks ${all
      .slice(1)
      .map((m) => `${m.version}-${m.name}`)
      .join(', ')}: run alerts-slm migrate`,
  );
});

const server = TEST_DATABASE_URL ? test : test.skip;
server('a server database without the schema says to migrate, not "relation does not exist"', async (t) => {
  const db = await testDatabase('pg', { migrated: false });
  t.teardown(() => db.drop());
  const r = run(['history'], { DATABASE_URL: db.url ?? '' });
  t.is(r.status, 1);
  t.is(r.stderr.trim(), 'alerts-slm history: the database has no alerts-slm schema: run alerts-slm migrate');
});
