import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret } from '../config/secret.ts';

/** Where the local runner keeps its webhook token. */
export const webhookTokenFile = (dataDir: string): string => join(dataDir, 'webhook-token');

/** The local runner's kept token, or null when none was generated yet. */
export const readLocalWebhookToken = (dataDir: string): string | null => {
  try {
    return readFileSync(webhookTokenFile(dataDir), 'utf8').trim() || null;
  } catch {
    return null;
  }
};

/** The local runner's webhook token: generated once, kept (mode 0600) under the data directory. */
export const localWebhookToken = (dataDir: string): Secret => {
  const existing = readLocalWebhookToken(dataDir);
  if (existing) return new Secret(existing);
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  writeFileSync(webhookTokenFile(dataDir), token + '\n', { mode: 0o600 });
  return new Secret(token);
};
