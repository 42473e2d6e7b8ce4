import { hash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../config/load-config.ts';
import type { Secret } from '../config/secret.ts';

const digest = (text: string): Buffer => hash('sha256', text, 'buffer');

const WEBHOOK_TOKEN_MISSING =
  'WEBHOOK_AUTH_TOKEN (or WEBHOOK_AUTH_TOKEN_FILE) is required; set WEBHOOK_ALLOW_UNAUTHENTICATED=true to accept webhooks without one';

/**
 * An authorizer for `Authorization: Bearer <token>`, compared in constant time (digests, so the length does not
 * leak either). Without a token it refuses to exist unless unauthenticated webhooks were explicitly allowed.
 */
export const bearerAuth = (options: { authToken: Secret | null; allowUnauthenticated: boolean }, missing = WEBHOOK_TOKEN_MISSING) => {
  if (!options.authToken) {
    if (options.allowUnauthenticated) return () => true;
    throw new ConfigError(`invalid configuration: ${missing}`);
  }
  const expected = digest(`Bearer ${options.authToken.reveal()}`);
  return (headers: Readonly<Record<string, string | undefined>>): boolean => {
    const given = headers.authorization;
    return typeof given === 'string' && timingSafeEqual(digest(given.trim().replace(/^bearer /i, 'Bearer ')), expected);
  };
};
