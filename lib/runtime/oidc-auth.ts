import type { JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TransientError } from '../errors/errors.ts';
import type { Authorizer } from './function-spec.ts';
import { JwtRefused, tokenHeader, verifyJwt } from './jwt.ts';
import type { Logger } from './logger.ts';

/** Who may deliver events to a function (Knative Eventing's OIDC sender identity). */
export interface EventAuthSettings {
  /** A delivery without a token is refused; otherwise only a token that is present is checked. */
  required: boolean;
  issuer: string;
  audience: string;
  /** The issuer's JWKS (Kubernetes: https://kubernetes.default.svc/openid/v1/jwks), or a file holding it. */
  jwksUrl: string | null;
  jwksFile: string | null;
  /** A bearer token file for the JWKS request (the pod's ServiceAccount token). */
  jwksTokenFile: string | null;
  /** Allowed subjects, exact or ending in `*` (as EventPolicy's `sub`). */
  senders: readonly string[];
}

const KEYS_TTL_MS = 5 * 60_000;
const REFETCH_GAP_MS = 30_000;

const allowed = (patterns: readonly string[], sub: string) =>
  patterns.some((p) => (p.endsWith('*') ? sub.startsWith(p.slice(0, -1)) : sub === p));

/**
 * Checks the OIDC token Knative Eventing attaches to a delivery when `authentication-oidc` is enabled: signed by
 * the issuer's keys, for this function's audience, from an allowed sender. The keys are cached and fetched again
 * (at most every 30s) when a token names one not seen yet, so a key rotation is followed.
 */
export const eventAuthorizer = (
  settings: EventAuthSettings,
  deps: { logger: Logger; now?: () => number; fetch?: typeof fetch },
): Authorizer => {
  const now = deps.now ?? (() => Date.now());
  const get = deps.fetch ?? fetch;
  let keys: { byKid: Map<string, JsonWebKey>; at: number } | null = null;
  let lastFetch = -Infinity;

  const load = async (): Promise<Map<string, JsonWebKey>> => {
    lastFetch = now();
    const text = settings.jwksFile
      ? readFileSync(settings.jwksFile, 'utf8')
      : await (async () => {
          const token = settings.jwksTokenFile ? readFileSync(settings.jwksTokenFile, 'utf8').trim() : null;
          const response = await get(settings.jwksUrl ?? '', {
            headers: token ? { authorization: `Bearer ${token}` } : {},
            signal: AbortSignal.timeout(5000),
          });
          if (!response.ok) throw new Error(`the JWKS answered ${response.status}`);
          return response.text();
        })();
    const list = (JSON.parse(text) as { keys?: (JsonWebKey & { kid?: string })[] }).keys ?? [];
    keys = { byKid: new Map(list.map((k) => [k.kid ?? '', k])), at: now() };
    return keys.byKid;
  };
  const keyFor = async (kid: string): Promise<JsonWebKey | undefined> => {
    const fresh = keys && now() - keys.at < KEYS_TTL_MS ? keys.byKid : await load();
    if (fresh.has(kid)) return fresh.get(kid);
    // A key not listed when the keys were read moments ago: perhaps rotated since. The broker retries a 503, and
    // by then the keys may be read again; a flood of made-up key ids costs one read per 30s at most.
    if (now() - lastFetch < REFETCH_GAP_MS) throw new Error(`signing key ${JSON.stringify(kid)} is not listed yet`);
    return (await load()).get(kid);
  };

  return async (headers) => {
    const given = headers.authorization;
    if (!given) return !settings.required;
    const token = given.replace(/^bearer\s+/i, '');
    try {
      const key = await keyFor(tokenHeader(token).kid ?? '');
      if (!key) throw new JwtRefused('signed with a key the issuer does not list');
      const claims = verifyJwt(token, key, { issuer: settings.issuer, audience: settings.audience, nowSeconds: Math.floor(now() / 1000) });
      if (!allowed(settings.senders, claims.sub)) throw new JwtRefused(`sender ${claims.sub} is not allowed`);
      return true;
    } catch (error) {
      if (error instanceof JwtRefused) {
        deps.logger.debug('event sender refused', { reason: error.message });
        return false;
      }
      // The keys being unreachable is ours, not the sender's: a 503 the broker retries, never a 401 it drops.
      throw new TransientError(`cannot check the sender's token: the issuer keys are unavailable (${(error as Error).message})`, {
        code: 'issuer_keys_unavailable',
      });
    }
  };
};
