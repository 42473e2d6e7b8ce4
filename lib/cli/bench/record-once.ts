import { randomBytes } from 'node:crypto';
import { createNeonDriver } from '../../store/neon-driver.ts';
import { createPgDriver } from '../../store/pg-driver.ts';
import { createPgliteDriver } from '../../store/pglite-driver.ts';
import { createStore } from '../../store/create-store.ts';
import { migrate } from '../../store/migrate.ts';
import type { SqlDriver } from '../../store/sql.ts';
import { startWsTcpProxy } from '../../store/ws-tcp-proxy.ts';
import type { Scenario } from './scenario.ts';

const OPS = 200;

// A driver on a throwaway schema (pg, neon) or a throwaway in-memory database (pglite).
const open = async (kind: SqlDriver['name'], url: string | undefined) => {
  if (kind === 'pglite') {
    const driver = await createPgliteDriver({});
    return { driver, done: () => driver.close() };
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = createPgDriver({ url: url as string });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const proxy = kind === 'neon' ? await startWsTcpProxy() : null;
  const driver = proxy
    ? createNeonDriver({ url: url as string, wsProxy: proxy.address, schema })
    : createPgDriver({ url: url as string, schema });
  return {
    driver,
    done: async () => {
      await driver.close();
      await proxy?.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
};

const perOp = async (work: (i: number) => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  for (let i = 0; i < OPS; i++) await work(i);
  return (performance.now() - started) / OPS;
};

/** recordOnce's round trip on one driver (claim, effect, reply, event log in one transaction) against a bare SELECT 1. */
export const recordOnceRoundTrip = (kind: SqlDriver['name'], url: string | undefined): Scenario => ({
  name: `recordOnce round trip on ${kind} (${OPS} sequential, one upsert as the effect)`,
  unit: 'ms/op',
  better: 'lower',
  baseline: `SELECT 1 on ${kind}`,
  async round() {
    const { driver, done } = await open(kind, url);
    try {
      await migrate(driver);
      const store = createStore(driver);
      const run = randomBytes(4).toString('hex');
      const baseline = await perOp(() => driver.query('SELECT 1'));
      const value = await perOp((i) =>
        store.recordOnce(
          'bench',
          { specversion: '1.0', id: `${run}-${i}`, source: '/bench', type: 'dev.alerts-slm.bench.v1', data: {} },
          async (tx) => {
            await tx.cache.put(`${run}-${i}`, { i }, 60_000);
            return undefined;
          },
        ),
      );
      return { value, baseline };
    } finally {
      await done();
    }
  },
});
