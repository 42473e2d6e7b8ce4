import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { TEST_DATABASE_URL, testDatabase } from '../support/test-database.ts';

// knative/mcp/reader-role.sql against a real PostgreSQL: the MCP server's role reads every table and writes none.
const script = readFileSync(join(import.meta.dirname, '..', '..', 'knative', 'mcp', 'reader-role.sql'), 'utf8');

(TEST_DATABASE_URL ? test : test.skip)('the reader role reads the alerts-slm tables, and every write is refused', async (t) => {
  const db = await testDatabase('pg');
  t.teardown(() => db.drop());
  await db.driver.exec(script);
  // Run twice: deploying again is harmless.
  await db.driver.exec(script);
  const url = new URL(db.url ?? '');
  url.username = 'alerts_slm_reader';
  const reader = new pg.Client({ connectionString: url.toString() });
  await reader.connect();
  t.teardown(() => reader.end());
  const { rows } = await reader.query('SELECT count(*)::int AS n FROM actions');
  t.is(rows[0]?.n, 0);
  await t.throwsAsync(reader.query('INSERT INTO alerts_slm_refused VALUES (1)'), { message: /does not exist|permission denied|read-only/ });
  await t.throwsAsync(reader.query('DELETE FROM actions'), { message: /permission denied|read-only transaction/ });
  await t.throwsAsync(reader.query('BEGIN READ WRITE; UPDATE incidents SET status = status; COMMIT'), { message: /permission denied/ });
  await reader.query('ROLLBACK');
  await t.throwsAsync(reader.query('CREATE TABLE sneaky (x int)'), { message: /permission denied|read-only transaction/ });
});
