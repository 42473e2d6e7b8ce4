import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret } from '../config/secret.ts';

/** The local runner's generated credentials: the webhook's, and the admin endpoint's own (never the same). */
export type LocalSecretName = 'webhook-token' | 'admin-token';

/** Where the local runner keeps one of its credentials. */
export const localSecretFile = (dataDir: string, name: LocalSecretName): string => join(dataDir, name);

/** Where the local runner keeps its webhook token. */
export const webhookTokenFile = (dataDir: string): string => localSecretFile(dataDir, 'webhook-token');

/** A kept credential, or null when none was generated yet. */
export const readLocalSecret = (dataDir: string, name: LocalSecretName): string | null => {
  try {
    return readFileSync(localSecretFile(dataDir, name), 'utf8').trim() || null;
  } catch {
    return null;
  }
};

/** A credential of the local runner: generated once, kept (mode 0600) under the data directory. */
export const localSecret = (dataDir: string, name: LocalSecretName): Secret => {
  const existing = readLocalSecret(dataDir, name);
  if (existing) return new Secret(existing);
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(localSecretFile(dataDir, name), token + '\n', { mode: 0o600 });
  return new Secret(token);
};
