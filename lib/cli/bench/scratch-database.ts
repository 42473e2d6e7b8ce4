import { randomBytes } from 'node:crypto';
import { createPgDriver } from '../../store/pg-driver.ts';

/** A database of the bench's own on a server, and how to drop it. */
export interface ScratchDatabase {
  /** The server's URL with this database as its path. */
  readonly url: string;
  /** Drops the database (closing its connections) and closes the admin connection; call it once, in a finally. */
  drop(): Promise<void>;
}

/** Creates `bench_<random>` on the server at `serverUrl`. */
export const createScratchDatabase = async (serverUrl: string): Promise<ScratchDatabase> => {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = createPgDriver({ url: serverUrl, max: 1 });
  const drop = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  };
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.close();
    throw error;
  }
  return { url: Object.assign(new URL(serverUrl), { pathname: `/${name}` }).href, drop };
};
