import test from 'ava';
import type { ActionExecutedData } from '../../../lib/events/action-executed.ts';
import type { CloudEventEnvelope } from '../../../lib/domain/cloud-event-envelope.ts';
import { createStore } from '../../../lib/store/create-store.ts';
import type { Store } from '../../../lib/store/store.ts';
import { seedNodes } from '../../support/cluster-fixture.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fake-kube-api.ts';
import { defaultTestDriver, testDatabase, type TestDatabase } from '../../support/test-database.ts';
import { executeHarness, executedData, log, startHookSink } from './harness.ts';

/** The parts every execute test file starts before its tests and stops after: a fake API server, a store, a webhook sink. */
export interface ExecuteFixture {
  fake: FakeKubeApi;
  db: TestDatabase;
  store: Store;
  hooks: Awaited<ReturnType<typeof startHookSink>>;
  /** Runs execute (wired by executeHarness with `options`) on one event; the action.executed data it answered. */
  execute(event: CloudEventEnvelope, options?: Parameters<typeof executeHarness>[3]): Promise<ActionExecutedData>;
  /** The changes (not reads, not Events) the API server received from request number `from` on. */
  mutationsSince(from: number): FakeKubeApi['requests'];
}

/** Registers the file's before/after hooks; the returned object is filled in before the first test runs. */
export const useExecuteFixture = (): ExecuteFixture => {
  const f = {
    execute: async (event, options = {}) => executedData(await executeHarness(f.fake, f.store, f.hooks.url, options)(event, { log })),
    mutationsSince: (from) => f.fake.requests.slice(from).filter((r) => r.method !== 'GET' && !r.path.endsWith('/events')),
  } as ExecuteFixture;
  test.before(async () => {
    [f.fake, f.db, f.hooks] = await Promise.all([startFakeKubeApi(), testDatabase(defaultTestDriver()), startHookSink()]);
    f.store = createStore(f.db.driver);
    seedNodes(f.fake);
  });
  test.after.always(async () => {
    await Promise.all([f.fake?.close(), f.db?.drop(), f.hooks?.close()]);
  });
  return f;
};
