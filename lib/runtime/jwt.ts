import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';

/** The claims a sender's token must carry, as checked. */
export interface VerifiedClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
}

/** What a token must satisfy: the issuer, one audience, the clock (seconds) and its allowed skew. */
export interface JwtExpectations {
  issuer: string;
  audience: string;
  nowSeconds: number;
  skewSeconds?: number;
}

/** Why a token was refused (never the token itself). */
export class JwtRefused extends Error {
  override readonly name = 'JwtRefused';
}

// RS256 is what Kubernetes' service account issuer signs with; ES256 where a cluster is configured for it.
const ALGORITHMS: Readonly<Record<string, { hash: string; dsaEncoding?: 'ieee-p1363' }>> = {
  RS256: { hash: 'sha256' },
  ES256: { hash: 'sha256', dsaEncoding: 'ieee-p1363' },
};

const part = (text: string | undefined, what: string): Record<string, unknown> => {
  try {
    const value: unknown = JSON.parse(Buffer.from(text ?? '', 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {}
  throw new JwtRefused(`the token's ${what} is not a JSON object`);
};

/** The key id and algorithm a token names (its header), before any key is looked up. */
export const tokenHeader = (token: string): { kid: string | null; alg: string } => {
  const header = part(token.split('.')[0], 'header');
  return { kid: typeof header.kid === 'string' ? header.kid : null, alg: String(header.alg ?? '') };
};

/**
 * Verifies a compact JWS with `key` (a JWK from the issuer's JWKS) and checks issuer, audience and validity;
 * throws JwtRefused saying which check failed. Pure: no I/O, the clock comes in.
 */
export const verifyJwt = (token: string, key: JsonWebKey, expect: JwtExpectations): VerifiedClaims => {
  const [head, body, signature] = token.split('.');
  if (!head || !body || !signature || token.split('.').length !== 3) throw new JwtRefused('not a signed JWT (three dot-separated parts)');
  const { alg } = tokenHeader(token);
  const algorithm = ALGORITHMS[alg];
  if (!algorithm) throw new JwtRefused(`algorithm ${JSON.stringify(alg)} is not accepted`);
  const ok = verify(
    algorithm.hash,
    Buffer.from(`${head}.${body}`),
    { key: createPublicKey({ key, format: 'jwk' }), ...(algorithm.dsaEncoding ? { dsaEncoding: algorithm.dsaEncoding } : {}) },
    Buffer.from(signature, 'base64url'),
  );
  if (!ok) throw new JwtRefused('the signature does not verify');
  const claims = part(body, 'payload');
  const skew = expect.skewSeconds ?? 60;
  const aud = Array.isArray(claims.aud) ? claims.aud.map(String) : typeof claims.aud === 'string' ? [claims.aud] : [];
  if (claims.iss !== expect.issuer) throw new JwtRefused(`issued by ${JSON.stringify(claims.iss)}, not ${expect.issuer}`);
  if (!aud.includes(expect.audience)) throw new JwtRefused(`not issued for ${expect.audience}`);
  if (typeof claims.exp !== 'number' || claims.exp + skew < expect.nowSeconds) throw new JwtRefused('expired');
  if (typeof claims.nbf === 'number' && claims.nbf - skew > expect.nowSeconds) throw new JwtRefused('not valid yet');
  if (typeof claims.sub !== 'string') throw new JwtRefused('no subject');
  return { iss: claims.iss as string, sub: claims.sub, aud, exp: claims.exp };
};
