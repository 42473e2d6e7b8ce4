import test from 'ava';
import { createStore } from '../../../lib/store/create-store.ts';
import type { Store } from '../../../lib/store/store.ts';
import { startFakeKubeApi, type FakeKubeApi } from '../../support/fake-kube-api.ts';
import { defaultTestDriver, testDatabase, type TestDatabase } from '../../support/test-database.ts';
import { startHookSink } from './harness.ts';

/** The parts every execute test file starts before its tests and stops after: a fake API server, a store, a webhook sink. */
export interface ExecuteFixture {
  fake: FakeKubeApi;
  db: TestDatabase;
  store: Store;
  hooks: Awaited<ReturnType<typeof startHookSink>>;
}

/** Registers the file's before/after hooks; the returned object is filled in before the first test runs. */
export const useExecuteFixture = (): ExecuteFixture => {
  const f = {} as ExecuteFixture;
  test.before(async () => {
    [f.fake, f.db, f.hooks] = await Promise.all([startFakeKubeApi(), testDatabase(defaultTestDriver()), startHookSink()]);
    f.store = createStore(f.db.driver);
  });
  test.after.always(async () => {
    await Promise.all([f.fake?.close(), f.db?.drop(), f.hooks?.close()]);
  });
  return f;
};
