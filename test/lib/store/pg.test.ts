import test from 'ava';
import { TransientError } from '../../../lib/errors/errors.ts';
import { createPgDriver } from '../../../lib/store/pg-driver.ts';
import { TEST_DATABASE_URL } from '../../support/test-database.ts';
import { storeContract } from './store-contract.ts';

// node-postgres against the real server (CI sets TEST_DATABASE_URL; the machines have PostgreSQL 15).
if (TEST_DATABASE_URL) {
  storeContract('pg');
  test('pg: an unreachable server is a transient error, never swallowed', async (t) => {
    const driver = createPgDriver({ url: 'postgres://postgres@127.0.0.1:9/test' });
    t.teardown(() => driver.close());
    const error = await t.throwsAsync(driver.query('SELECT 1'), { instanceOf: TransientError });
    t.regex(error.message, /^database unavailable: ECONNREFUSED/);
  });
} else {
  test.skip('pg: the store suite needs a Postgres server: set TEST_DATABASE_URL (CI does)', () => {});
}
