import test from 'ava';
import { TransientError } from '../../../lib/errors/errors.ts';
import { createNeonDriver } from '../../../lib/store/neon-driver.ts';
import { TEST_DATABASE_URL } from '../../support/test-database.ts';
import { startWsTcpProxy } from '../../../lib/store/ws-tcp-proxy.ts';
import { storeContract } from './store-contract.ts';

// The Neon serverless driver against the real server, through a WebSocket proxy started here.
if (TEST_DATABASE_URL) {
  storeContract('neon');
  test('neon: a proxy that cannot reach the server is a transient error', async (t) => {
    const proxy = await startWsTcpProxy();
    const driver = createNeonDriver({ url: 'postgres://postgres@127.0.0.1:9/test', wsProxy: proxy.address });
    t.teardown(async () => {
      await driver.close().catch(() => {});
      await proxy.close();
    });
    await t.throwsAsync(driver.query('SELECT 1'), { instanceOf: TransientError });
  });
} else {
  test.skip('neon: the store suite needs a Postgres server: set TEST_DATABASE_URL (CI does)', () => {});
}
